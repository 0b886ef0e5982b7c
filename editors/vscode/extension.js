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
        // An outline saved as .txt without its header line is plain text to VS Code; the server tells.
        { scheme: "file", language: "plaintext", pattern: "**/*.txt" },
      ],
      // The server asks to be told of files changed on disk (maps, source texts) itself.
      initializationOptions: { debounce: config.get("debounce", 300) },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
