"""JSON reports for programs: one document per run, stable keys."""

from __future__ import annotations

import json
from typing import Any


def dumps(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def findings(result: Any) -> str:
    issues = result.issues
    warnings = sum(not i.is_error for i in issues)
    document = {
        "files": list(result.files),
        "summary": {
            "files": len(result.files),
            "problems": len(issues) - warnings,
            "warnings": warnings,
            "valid": warnings == len(issues),
        },
        "findings": [
            {
                "file": i.file,
                "line": i.line,
                "column": i.column,
                "pointer": i.pointer,
                "node": i.node,
                "code": i.code,
                "severity": i.severity,
                "message": i.message,
            }
            for i in issues
        ],
    }
    return dumps(document)
