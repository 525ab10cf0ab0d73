"""The ``privacy`` command line: the retention purge on demand, and a person's requests about
their own data (PIPL Art 45 access, Art 47 deletion).

``export`` and ``erase`` are staff actions done on the person's request: ``--actor`` names the
staff account (supervisor or admin) that answers it, and each export is written to the
personal-data access audit. Output is JSON on stdout; refusals go to stderr with the reason.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from bot import retention
from bot.clock import Clock
from storage import Store, StoreUnavailable
from storage.accounts import PersonalDataAccess, StaffUser

if TYPE_CHECKING:
    from bot.settings import Settings

#: Roles that may answer a person's request about all their data.
ROLES = ("supervisor", "admin")


def add_parser(commands: Any) -> None:
    """Add ``privacy`` and its actions to the command parser."""
    privacy = commands.add_parser("privacy", help="retention purge; a person's data: export, erase")
    actions = privacy.add_subparsers(dest="privacy_action", metavar="ACTION", required=True)
    purge = actions.add_parser("purge", help="de-identify cases closed longer than "
                                             "XINFANG_RETENTION_DAYS (serve does it daily)")
    purge.add_argument("--dry-run", action="store_true", help="count only, change nothing")
    for name, help_text in (("export", "print as JSON everything held about a person (audited)"),
                            ("erase", "erase a person's data where the law no longer keeps it")):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--petitioner", required=True,
                            help="a URN (tel:+86…, mailto:…, telegram:…), phone or e-mail")
        action.add_argument("--actor", default="",
                            help="the staff account answering the request (default: $USER)")


def command(settings: Settings, args: argparse.Namespace) -> int:
    """Run one ``privacy`` command; returns the exit status."""
    try:
        store = Store.open(settings.database, settings.data_dir)
    except StoreUnavailable as exc:
        print(f"cannot open the case store: {exc}", file=sys.stderr)
        return 1
    now = Clock(settings.fixed_now()).now()
    days = settings.retention_days
    try:
        if args.privacy_action == "purge":
            report = retention.purge(store, now, days, dry=args.dry_run)
            print(json.dumps({"retention_days": days, **report.as_dict()}, ensure_ascii=False))
            return 0
        actor = args.actor or getpass.getuser()
        if args.privacy_action == "export":
            result = store.write_sync(lambda s: _export(s, args.petitioner, actor, now))
        else:
            report = store.write_sync(lambda s: _erase(s, args.petitioner, actor, now, days))
            # The files go after the commit that stopped naming them (a rerun would finish).
            for case_id in store.read_sync(retention.leftover_case_ids):
                report.files_deleted += retention.delete_files(store, case_id)
            result = {"erased": True, **report.as_dict()}
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    except retention.PrivacyRefused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except StoreUnavailable as exc:
        print(f"the case store failed: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _staff(session: Session, actor: str) -> StaffUser:
    user = session.exec(select(StaffUser).where(StaffUser.name == actor)).first()
    if user is None or not user.active or user.role not in ROLES:
        raise retention.PrivacyRefused(
            f"staff account {actor!r} may not answer personal-data requests "
            f"(needs an active {' or '.join(ROLES)} account; see `run.py users add`)")
    return user


def _audit(session: Session, user: StaffUser, purpose: str, petitioner_id: int | None,
           now: Any) -> None:
    assert user.id is not None
    session.add(PersonalDataAccess(
        user_id=user.id, actor=user.name, case_number="", fields=["all"], purpose=purpose,
        details={"petitioner_id": petitioner_id}, at=now))


def _export(session: Session, who: str, actor: str, now: Any) -> dict[str, Any]:
    user = _staff(session, actor)
    petitioner = retention.find_petitioner(session, who)
    _audit(session, user, "privacy export (PIPL Art 45)", petitioner.id, now)
    return retention.export(session, petitioner)


def _erase(session: Session, who: str, actor: str, now: Any, days: int) -> retention.Report:
    user = _staff(session, actor)
    petitioner = retention.find_petitioner(session, who)
    report = retention.erase_petitioner(session, petitioner, now, days)
    _audit(session, user, "privacy erase (PIPL Art 47)", petitioner.id, now)
    return report
