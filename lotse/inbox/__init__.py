"""The inbox: messages and notices in one model, read by the people of the organisations they
concern, with one unread count per person (shown on the start page).

A **thread** is addressed to an organisation and optionally to one person in it, may name a case
(by its id: the inbox sits below `cases` and holds no foreign key to it) and has **entries**.
Who reads a thread: the active members of the addressed organisation (only the addressed person,
where one is named) and of the sending organisation. Nobody else — so a message between partners
("internal") is never read by the company, and a message to the company is read by the company and
the sender only. Each reader has a **read mark** per thread; a thread is unread for a person while
it has an entry newer than their mark.

The API (keyword-only; `services` write, `selectors` read):

- `services.thread_start(sender=, organisation=, subject=, text=, person=None, case_id=None,
  kind=ThreadKind.MESSAGE)` — a person (a `Membership`) writes to an organisation;
- `services.entry_post(thread=, author=, text=)` — a reply by a reader of the thread;
- `services.notice_post(organisation=, subject=, body=, dedupe_key=, person=None, case_id=None,
  params=None)` — the platform tells an organisation (or one person in it) something. Idempotent:
  a second call with the same `dedupe_key` posts nothing and returns the first thread. `subject`
  and `body` are English msgids (mark them with `gettext_noop`), `params` fills their
  `%(name)s` placeholders; they are translated when read, in the reader's language;
- `services.thread_mark_read(thread=, user=)`;
- `selectors.threads_for(user=)`, `selectors.unread_count(user=)`,
  `selectors.thread_get_for(user=, thread_id=)` (404 for a thread the person may not read),
  `selectors.threads_on_case(user=, case_id=)`.

Message texts are personal data of the case they name: the erasure hook `inbox.texts` erases them.
"""
