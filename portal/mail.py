"""Outgoing mail as an outbox table, written in the same transaction as the change that causes it and
sent by the job process with retries; nothing is lost while the mail server is down."""
from __future__ import annotations

import email.policy
import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy import JSON, Boolean, Integer, String, Text, false, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .db import UTCDateTime, utcnow
from .extensions import db
from .i18n import LOCALES, LocalizedText, _, force_locale

log = logging.getLogger(__name__)


class OutgoingMail(db.Model):
    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2), default="fr")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    headers: Mapped[dict | None] = mapped_column(JSON)  # extra headers, e.g. List-Unsubscribe
    # Set (committed) just before the message is handed to the server, cleared when it is settled: a row
    # still "sending" after a crash is in doubt (recover_interrupted).
    sending_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str | None] = mapped_column(String(250))
    # The body holds a secret link (password reset, invitation): blanked once the message is sent.
    secret: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class MultiLine(str):
    """A value a plain-text mail may show on several lines (a reviewer's comment): `{{ comment|multiline }}`."""


def marked(value, length: int | None = None) -> str:
    """Plain text of a value; text in the other language than the mail's half says so, as pages do
    ("Bilan de l'hiver (Available in French only)"). `length`: the text is cut there, never the note."""
    text = " ".join(str(value if value is not None else "").splitlines())
    if length and len(text) > length:
        text = text[:length - 1].rstrip() + "…"
    if isinstance(value, LocalizedText) and value.is_fallback:
        note = _("Available in French only") if value.lang == "fr" else _("Available in English only")
        text = f"{text} ({note})"
    return text


def _one_line(value):
    """Every value put into a plain-text mail stays on its line (a record name with a newline cannot add
    lines to the body or push text out of the subject), unless marked |multiline."""
    if isinstance(value, LocalizedText):
        return marked(value)
    if isinstance(value, MultiLine):
        return str(value).replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, str):
        return " ".join(value.splitlines())
    return value


def text_environment():
    """The app's template environment without HTML autoescape, for plain-text mail: "I'm" stays "I'm"
    (not "I&#39;m"), in the template's text and in the values put into translated strings. Made once per
    app, with its own template cache (templates are compiled for one autoescape setting). Every value
    stays on its line (`_one_line`) unless the template marks it `|multiline`."""
    env = current_app.extensions.get("concerto_text_env")
    if env is None:
        env = current_app.jinja_env.overlay(autoescape=False, cache_size=200, finalize=_one_line)
        env.filters["multiline"] = MultiLine
        env.filters["marked"] = marked   # for a value put into a translated string, or cut: |marked(100)
        current_app.extensions["concerto_text_env"] = env
    return env


def render_text(template: str, **context) -> str:
    """Render a plain-text template with the same helpers (url_for, _, tr, filters) as the pages."""
    current_app.update_template_context(context)
    return text_environment().get_template(template).render(context)


def language_note(text_lang: str | None, lang: str) -> str:
    """The line a mail in `lang` puts before a person's words written in the other language (a reviewer's
    comment, several lines: `marked` cannot append to it): "(Available in French only)", as `marked` says it.
    Empty when the language is the mail's or unknown. Called where the mail's locale is in force (templates:
    `language_note(comment_lang)`)."""
    if text_lang not in LOCALES or text_lang == lang:
        return ""
    return "({})".format(_("Available in French only") if text_lang == "fr" else _("Available in English only"))


def _render(template: str, lang: str, context: dict) -> tuple[str, str]:
    with force_locale(LOCALES.get(lang, "fr_CA")):
        text = render_text(f"email/{template}.txt", lang=lang,
                           language_note=lambda text_lang: language_note(text_lang, lang), **context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip()


def mail_lang(lang: str | None) -> str | None:
    """A recipient's mail language: "fr" or "en", or None when unknown (the mail then carries both)."""
    return lang if lang in LOCALES else None


def link_lang(lang: str | None) -> str:
    """The language of the links in a mail: the recipient's, else the portal's default."""
    return mail_lang(lang) or FIRST_LANG


def queue_mail(to: str, template: str, lang: str | None = "fr", *, bilingual: bool = False,
               headers: dict | None = None, per_lang: dict[str, dict] | None = None, secret: bool = False,
               **context) -> OutgoingMail:
    """Render `templates/email/<template>.txt` in `lang` and add it to the outbox (no commit).

    The template's first line is the subject. `lang` is the recipient's chosen language; None (unknown) or
    bilingual=True gives both languages in one message, each marked, `lang` (or the default) first.
    `headers` are added as they are (e.g. List-Unsubscribe). `secret`: the body carries a secret link, kept
    only until the message is sent. `per_lang` gives the values that differ by
    language ({"fr": {...}, "en": {...}}: labels and links prepared in each), merged over `context`."""
    bilingual = bilingual or mail_lang(lang) is None
    lang = link_lang(lang)
    subject, body = _render(template, lang, {**context, **(per_lang or {}).get(lang, {})})
    if bilingual:
        other = "en" if lang == "fr" else "fr"
        other_subject, other_body = _render(template, other, {**context, **(per_lang or {}).get(other, {})})
        notice = "(English follows)" if other == "en" else "(La version française suit)"
        subject = f"{subject} / {other_subject}"
        body = (f"{notice}\n\n{LANG_MARKS[lang]}\n\n{body}\n\n{'-' * 60}\n\n"
                f"{LANG_MARKS[other]}\n\n{other_body}")
    mail = OutgoingMail(to_address=to, subject=subject[:300], body_text=body + "\n", lang=lang,
                        headers=headers or None, secret=secret)
    db.session.add(mail)
    return mail


LANG_MARKS = {"fr": "[Français]", "en": "[English]"}
SENT_SECRET = "(sent; this message carried a secret link and its text is not kept)\n"
FIRST_LANG = "fr"  # the first half of a mail in both languages


def _message(mail: OutgoingMail) -> EmailMessage:
    cfg = current_app.config
    # A List-Unsubscribe address must stay one plain header: allow long lines rather than encoded words.
    msg = EmailMessage(policy=email.policy.default.clone(max_line_length=998)) if mail.headers else EmailMessage()
    msg["From"] = cfg["MAIL_FROM"]
    msg["To"] = mail.to_address
    msg["Subject"] = mail.subject
    msg["Message-ID"] = mail.message_id
    msg.set_content(mail.body_text)
    msg["Content-Language"] = mail.lang  # after set_content, which clears Content-* headers
    for name, value in (mail.headers or {}).items():
        msg[name] = value
    return msg


def _transmit(msg: EmailMessage, mail_id: int) -> None:
    cfg = current_app.config
    backend = cfg["MAIL_BACKEND"]
    if backend == "console":
        log.info("mail to %s: %s", msg["To"], msg["Subject"])
        return
    if backend == "file":
        folder = Path(cfg["CONCERTO_DATA_DIR"]) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{mail_id:08d}.eml").write_bytes(bytes(msg))
        return
    with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=30) as smtp:
        if cfg["SMTP_STARTTLS"]:
            smtp.starttls()
        if cfg["SMTP_USERNAME"]:
            smtp.login(cfg["SMTP_USERNAME"], cfg["SMTP_PASSWORD"] or "")
        smtp.send_message(msg)


def _domain() -> str:
    return current_app.config["MAIL_FROM"].rpartition("@")[2].strip(">") or "localhost"


def _claim(mail_id: int, now: datetime) -> EmailMessage | None:
    """Mark one message "sending" in its own short transaction (None when another sender has it or it is done);
    its Message-ID is chosen the first time and kept, so a message sent again carries the same one."""
    claimed = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id == mail_id, OutgoingMail.sending_at.is_(None),
                                   OutgoingMail.sent_at.is_(None), OutgoingMail.failed_at.is_(None))
        .values(sending_at=now, attempts=OutgoingMail.attempts + 1)).rowcount
    if not claimed:
        db.session.rollback()
        return None
    mail = db.session.get(OutgoingMail, mail_id, populate_existing=True)
    if not mail.message_id:
        mail.message_id = make_msgid(idstring=f"outbox{mail.id}", domain=_domain())
    msg = _message(mail)
    db.session.commit()
    return msg


def _settle(mail_id: int, now: datetime, exc: Exception | None) -> None:
    """After the hand-over: "sent", or the error and the next attempt, in its own short transaction."""
    mail = db.session.get(OutgoingMail, mail_id, populate_existing=True)
    mail.sending_at = None
    if exc is None:
        mail.sent_at = now
        if mail.secret:
            mail.body_text = SENT_SECRET
    else:
        mail.last_error = str(exc)[:500]
        if mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            mail.failed_at = now
        else:
            mail.next_attempt_at = now + timedelta(seconds=current_app.config["MAIL_RETRY_SECONDS"] * 2 ** mail.attempts)
        log.warning("mail %s to %s failed (attempt %s): %s", mail.id, mail.to_address, mail.attempts, exc)
    db.session.commit()


def recover_interrupted(now: datetime) -> int:
    """Messages left "sending" by a sender that died (killed scheduler, lost machine) longer ago than a send
    can take: the SMTP server may or may not have taken them. They are sent again, once, with the same
    Message-ID (receiving systems that see it twice keep one); the first attempt's window is one message, not
    a batch. Returns how many."""
    cutoff = now - timedelta(seconds=current_app.config["MAIL_SENDING_TIMEOUT_SECONDS"])
    n = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.sending_at.is_not(None), OutgoingMail.sending_at < cutoff,
                                   OutgoingMail.sent_at.is_(None))
        .values(sending_at=None, next_attempt_at=now,
                last_error="Interrupted while being sent; sent again with the same Message-ID.")).rowcount
    db.session.commit()
    if n:
        log.warning("%s message(s) interrupted while being sent: sending again with the same Message-ID", n)
    return n


def send_pending(limit: int = 200, now: datetime | None = None) -> tuple[int, int]:
    """Send due mail, one message at a time: each is marked "sending" in its own transaction before it is
    handed to the server and "sent" in another right after, so a sender killed mid-batch sends nothing twice
    but the one message in flight (see recover_interrupted). Failures are retried with exponential backoff.
    Commits (the mail job is the one job that does not run in a single transaction). Returns (sent, failed)."""
    now = now or utcnow()
    recover_interrupted(now)
    due = list(db.session.scalars(
        select(OutgoingMail.id)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.failed_at.is_(None), OutgoingMail.sending_at.is_(None),
               or_(OutgoingMail.next_attempt_at.is_(None), OutgoingMail.next_attempt_at <= now))
        .order_by(OutgoingMail.id).limit(limit)))
    db.session.commit()
    sent = failed = 0
    for mail_id in due:
        msg = _claim(mail_id, now)
        if msg is None:
            continue
        try:
            _transmit(msg, mail_id)
        except Exception as exc:  # any transport error: keep it and retry later
            failed += 1
            _settle(mail_id, now, exc)
        else:
            sent += 1
            _settle(mail_id, now, None)
    return sent, failed
