"""The ``frontdesk`` command: the window application by default, and helper commands.

    frontdesk [--db PATH_OR_URL]                       open the application
    frontdesk demo --months N --seed S [--profile P]    fill a database with demo data
    frontdesk screenshot --out DIR                      render every screen to PNG
    frontdesk verify-history                            check the history hash chain (reads only)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontdesk.i18n import _


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontdesk", description=_("FrontDesk 服务前台"))
    parser.add_argument("--db", help=_("数据库文件路径或 PostgreSQL 地址(默认:用户数据目录中的 SQLite 文件)"))
    commands = parser.add_subparsers(dest="command")

    demo = commands.add_parser("demo", help=_("生成演示数据"))
    demo.add_argument("--db", dest="sub_db")
    demo.add_argument("--months", type=int, default=12)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--profile", choices=["property", "dealership"], default="property")

    shot = commands.add_parser("screenshot", help=_("把各主要界面保存为 PNG"))
    shot.add_argument("--db", dest="sub_db")
    shot.add_argument("--out", required=True, type=Path)
    shot.add_argument("--size", default="", metavar="WxH",
                      help=_("在这个大小的屏幕上截图,例如 1366x768(柜台电脑常见的屏幕)"))

    verify = commands.add_parser("verify-history", help=_("校验修改历史的哈希链"))
    verify.add_argument("--db", dest="sub_db")
    return parser


def _open_database(db_arg: str | None, *, read_only: bool = False):  # noqa: ANN202
    from frontdesk.db.opening import open_database

    return open_database(db_arg, read_only=read_only)


class _ConsoleProgress:
    def __init__(self) -> None:
        self._last = -1

    def update(self, fraction: float, message: str = "") -> None:
        percent = int(fraction * 100)
        if percent != self._last:
            self._last = percent
            print(f"\r{percent:3d}% {message}", end="", file=sys.stderr, flush=True)

    def cancelled(self) -> bool:
        return False


def main(argv: list[str] | None = None) -> int:
    from frontdesk.domain.errors import FrontDeskError

    args = _parser().parse_args(argv)
    db_arg = getattr(args, "sub_db", None) or args.db
    try:
        if args.command == "demo":
            from frontdesk.demo import generator as demo

            db = _open_database(db_arg)
            summary = demo.fill(db, args.months, args.seed, args.profile, progress=_ConsoleProgress())
            print(file=sys.stderr)
            print(summary)
            return 0
        if args.command == "screenshot":
            from frontdesk.services import auth
            from frontdesk.ui.shell.screenshots import render_all, use_screen

            if args.size:
                try:
                    width, height = (int(n) for n in args.size.lower().split("x"))
                except ValueError:
                    print(_("屏幕大小应写成 宽x高,例如 1366x768"), file=sys.stderr)
                    return 2
                use_screen(width, height)

            db = _open_database(db_arg)
            if not auth.is_initialized(db):  # an empty database: show the screens on three months of demo data
                from frontdesk.demo.generator import fill

                fill(db, months=3, seed=1)
            for path in render_all(db, args.out):
                print(path)
            return 0
        if args.command == "verify-history":
            return _verify_history(_open_database(db_arg, read_only=True))
        from frontdesk.ui.shell.run import run_app

        return run_app(db_arg)
    except FrontDeskError as exc:
        print(exc.message, file=sys.stderr)
        return 1


def _verify_history(db) -> int:  # noqa: ANN001
    """Print what the check found: 0 when all is well, 3 when anything is wrong."""
    from frontdesk.services import audit

    report = audit.verify_chain(db)
    if report.revision:
        print(_("提示:这个数据库还是旧版本({revision}),用 FrontDesk 打开一次即可升级;"
                "新版本才有的防护这次没有检查。").format(revision=report.revision))
    if report.ok:
        print(_("历史记录完整:已校验 {n} 条,未发现改动,数据库的防护齐全").format(n=report.checked))
        return 0
    if report.first_broken is not None:
        print(_("历史记录有问题!已校验 {n} 条,第一处异常在第 {first} 条:").format(
            n=report.checked, first=report.first_broken))
    else:
        print(_("历史记录有问题!已校验 {n} 条:").format(n=report.checked))
    for item in report.breaks:
        print("  - " + audit.describe(item))
    print(_("请不要再往这个数据库录入,从备份恢复数据库,并把以上结果交给管理员。"))
    return 3


def main_gui() -> int:
    """Entry point of the Windows GUI launcher (no console window)."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
