"""The § 81a procedure after the authority accepted the dossier (domain/process.md § 3).

Stages and tracks: the agreement (§ 81a Abs. 2 AufenthG, § 57 VwVfG — drafted by the authority,
each signature an uploaded signed copy, concluded with the fee's debtor), the recognition or
comparability where the pathway needs it (§ 14a BQFG; recorded by a body on the platform, or by
the authority on behalf of a body off it, with its notice uploaded; its letters reach the company
once the authority passed them on, § 14a Abs. 2 S. 5 BQFG), the Federal Employment Agency's consent
(§ 39 AufenthG, § 36 Abs. 2 BeschV; with its request for information), the pre-approval per person
(§ 81a Abs. 3 Nr. 6, Abs. 4) — the worker's completes the case —, one visa track per person with
the entry, the employer's report of an early end of the employment (§ 4a Abs. 5 S. 3 Nr. 3), the
authority's refusal of the procedure, and messages between the partners (the inbox holds their
text). Every move is a step of the case's step table (`steps.py`): its guard in `guards.py`, its
service in `services.py`, its event a constructor in `cases/events.py`.
"""
