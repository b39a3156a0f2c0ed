"""Text is translated where it is shown: nothing calls ``_()`` while a module is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import frontdesk
from frontdesk import i18n
from frontdesk.domain.vocab import CHANNEL_LABELS, Channel, term

PACKAGE = Path(frontdesk.__file__).resolve().parent


def import_time_calls(tree: ast.AST) -> list[int]:
    """Lines where ``_()`` runs when the module is imported (module or class body, defaults, decorators)."""
    lines: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = node.args
            for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
                visit(default, in_function)
            for decorator in getattr(node, "decorator_list", []):
                visit(decorator, in_function)
            for child in node.body if isinstance(node.body, list) else [node.body]:
                visit(child, True)
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and not in_function:
            lines.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    visit(tree, False)
    return lines


def test_no_text_is_translated_at_import_time():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in import_time_calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_check_sees_each_kind_of_import_time_call():
    source = (
        'A = _("a")\n'
        'class B:\n    label = _("b")\n'
        'def c(x=_("c")):\n    return _("fine")\n'
        'D = lambda: _("fine")\n'
    )
    assert import_time_calls(ast.parse(source)) == [1, 3, 4]


def test_labels_follow_the_catalog_installed_last():
    try:
        i18n.install(i18n.PSEUDO)
        assert CHANNEL_LABELS[Channel.PHONE] == "⟦来电⟧"
        assert term("property", "location") == "⟦房号⟧"
    finally:
        i18n.install(None)
    assert CHANNEL_LABELS[Channel.PHONE] == "来电"
