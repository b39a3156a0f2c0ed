"""The ``frontdesk`` command: the window application by default, and helper commands.

    frontdesk [--db PATH_OR_URL]                       open the application
    frontdesk demo --months N --seed S [--profile P] [--force] [--create]
                                                        fill a database with demo data (--create: make it)
    frontdesk screenshot --out DIR                      render every screen to PNG
    frontdesk verify-history                            check the history hash chain (reads only)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import NoReturn

from frontdesk.i18n import N_, _

#: argparse's own refusals, said in Chinese (its catalog has none).
_ARGPARSE_PHRASES = (
    (re.compile(r"^argument (\S+): expected one argument$"), N_("{0} 后面需要一个值")),
    (re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"), N_("{0} 没有 {1} 这一项,可选:{2}")),
    (re.compile(r"^argument (\S+): (.*)$"), N_("{0}:{1}")),
    (re.compile(r"^unrecognized arguments: (.*)$"), N_("无法识别的参数:{0}")),
    (re.compile(r"^the following arguments are required: (.*)$"), N_("缺少必需的参数:{0}")),
)


class _Parser(argparse.ArgumentParser):
    """argparse whose refusals are Chinese: the problem, where to read the usage, exit status 2."""

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ARGPARSE_PHRASES:
            match = pattern.match(message)
            if match:
                message = _(chinese).format(*match.groups())
                break
        self.exit(2, _("{prog}:{problem}\n运行 {prog} --help 查看用法。\n").format(prog=self.prog, problem=message))


def _bounded(name: str):  # noqa: ANN202
    """An argparse type for the demo's argument ``name``, refused with the demo's own message."""

    def convert(text: str) -> object:
        from frontdesk.demo import generator

        value: object = text
        if name in ("months", "seed"):
            try:
                value = int(text)
            except ValueError:
                value = None
        arguments = {"months": 12, "seed": 1, "profile": "property", name: value}
        problem = generator.problems(**arguments).get(name)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return convert


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="frontdesk", description=_("FrontDesk 服务前台"))
    parser.add_argument("--db", help=_("数据库文件路径或 PostgreSQL 地址(默认:用户数据目录中的 SQLite 文件)"))
    commands = parser.add_subparsers(dest="command")

    demo = commands.add_parser("demo", help=_("生成演示数据"))
    demo.add_argument("--db", dest="sub_db")
    demo.add_argument("--months", type=_bounded("months"), default=12, help=_("生成最近几个月的数据,1 到 60"))
    demo.add_argument("--seed", type=_bounded("seed"), default=1, help=_("随机种子,同一种子生成同样的数据"))
    demo.add_argument("--profile", type=_bounded("profile"), default="property",
                      help=_("新数据库的行业:property(物业)或 dealership(汽车)"))
    demo.add_argument("--force", action="store_true",
                      help=_("数据库中已有投诉时仍然追加演示数据(不要对在用的站点数据库这样做)"))
    demo.add_argument("--create", action="store_true",
                      help=_("数据库还不存在时在这个位置新建(不加这一项时,找不到数据库就停下,以免路径写错)"))

    shot = commands.add_parser("screenshot", help=_("把各主要界面保存为 PNG"))
    shot.add_argument("--db", dest="sub_db")
    shot.add_argument("--out", required=True, type=Path)
    shot.add_argument("--size", default="", metavar="WxH",
                      help=_("在这个大小的屏幕上截图,例如 1366x768(柜台电脑常见的屏幕)"))

    verify = commands.add_parser("verify-history", help=_("校验修改历史的哈希链"))
    verify.add_argument("--db", dest="sub_db")
    return parser


def _shown_url(url: str) -> str:
    """The database as the user names it: the SQLite file, or the server address without its password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.database or url if parsed.get_backend_name() == "sqlite" else parsed.render_as_string()


def _open_database(db_arg: str | None, *, read_only: bool = False, create: bool = False):  # noqa: ANN202
    from frontdesk.db.opening import open_database

    return open_database(db_arg, read_only=read_only, create=create)


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
    """Run the command; 0 when done, 1 when refused, 2 when the database cannot be opened, 3 when the history is not intact."""
    from frontdesk.domain.errors import DatabaseMissing, DatabaseUnavailable, FrontDeskError

    args = _parser().parse_args(argv)
    db_arg = getattr(args, "sub_db", None) or args.db
    try:
        if args.command == "demo":
            return _demo(db_arg, args)
        if args.command == "screenshot":
            return _screenshot(db_arg, args)
        if args.command == "verify-history":
            return _verify_history(_open_database(db_arg, read_only=True))
        from frontdesk.ui.shell.run import run_app

        return run_app(db_arg)
    except DatabaseMissing as exc:
        print(exc.message + _how_to_create(args.command, exc.where), file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except FrontDeskError as exc:
        print(exc.message, file=sys.stderr)
        return 1


def _how_to_create(command: str | None, where: str) -> str:
    if command == "demo":
        return _("要在这里新建一个演示数据库,请在命令后加上 --create。")
    if command == "screenshot":
        return _("要先生成一个演示数据库,请运行:frontdesk demo --db {where} --create").format(where=where)
    return ""


def _demo(db_arg: str | None, args: argparse.Namespace) -> int:
    from frontdesk.demo import generator as demo

    db = _open_database(db_arg, create=args.create)
    print(_("数据库:{where}").format(where=_shown_url(db.url)), file=sys.stderr)
    try:
        summary = demo.fill(db, args.months, args.seed, args.profile, progress=_ConsoleProgress(), force=args.force)
    except demo.DemoRefused as exc:
        print(exc.message, file=sys.stderr)
        print(_("演示请用一个新的数据库(--db 新文件名);确要在这个数据库中追加演示数据,请加上 --force 再运行。"),
              file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(file=sys.stderr)
    print(summary)
    return 0


def _screenshot(db_arg: str | None, args: argparse.Namespace) -> int:
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
    try:
        if not auth.is_initialized(db):  # a site not set up yet: show the screens on three months of demo data
            from frontdesk.demo.generator import fill

            fill(db, months=3, seed=1)
        for path in render_all(db, args.out):
            print(path)
    finally:
        db.dispose()
    return 0


def _verify_history(db) -> int:  # noqa: ANN001
    """Print what the check found: 0 when all is well, 3 when anything is wrong."""
    from frontdesk.domain.errors import DatabaseUnavailable
    from frontdesk.services import audit

    try:
        if not db.integrity_ok():
            raise DatabaseUnavailable(_("数据库文件的内部结构检查未通过,文件已损坏,其中的历史无法可靠地校验。"
                                        "请从备份恢复,或联系管理员。"))
        report = audit.verify_chain(db)
    finally:
        db.dispose()
    if report.revision:
        print(_("提示:这个数据库还是旧版本({revision}),用 FrontDesk 打开一次即可升级;"
                "新版本才有的防护这次没有检查。").format(revision=report.revision))
    if report.ok and report.revision:
        print(_("历史记录完整:已校验 {n} 条,未发现改动").format(n=report.checked))
        return 0
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
