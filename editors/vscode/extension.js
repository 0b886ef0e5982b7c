// Starts `argmap lsp` for JSON and outline files; the server decides which files are maps of a debate.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("argmap");
  const command = config.get("command", "argmap");
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "argmap",
    "argmap",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "json" },
        { scheme: "file", language: "argmap-outline" },
      ],
      initializationOptions: { debounce: config.get("debounce", 300) },
      // Maps changed by another program (git, the argmap CLI) and source texts are read again.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{json,txt,outline}") },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
