"""Which kind of marketplace mail a notification is, from its subject and its wording.

A status change names the invitation or offer it changes, so it is recognised before the
invitation and the offer themselves; a mail matching none of the wordings is `unknown`.
"""

import re

INVITATION = "invitation"
OFFER = "offer"
INVITATION_WITHDRAWN = "invitation_withdrawn"
JOB_CLOSED = "job_closed"
OFFER_WITHDRAWN = "offer_withdrawn"
OFFER_EXPIRED = "offer_expired"
CONTRACT_STARTED = "contract_started"
UNKNOWN = "unknown"

STATUS_KINDS = (
    INVITATION_WITHDRAWN,
    JOB_CLOSED,
    OFFER_WITHDRAWN,
    OFFER_EXPIRED,
    CONTRACT_STARTED,
)
KINDS = (INVITATION, OFFER, *STATUS_KINDS, UNKNOWN)

_I = re.IGNORECASE

# In the order they are tried: the first kind whose wording is found is the kind.
_WORDINGS = [
    (
        OFFER_WITHDRAWN,
        re.compile(
            r"\boffer\b[^.\n]{0,80}\b(?:has been |was |is )?(?:withdrawn|rescinded|retracted)\b|"
            r"\bwithdr[ae]w (?:the|their|its|an|this|your) offer\b|"
            r"\bwithdrawn (?:the|their|its|an|this|your) offer\b|"
            r"\bangebot\b[^.\n]{0,80}\bzurückgezogen\b|"
            r"\boferta\b[^.\n]{0,80}\b(?:retirada|retirado|ha sido retirada)\b|"
            r"\bretir(?:ó|ado) (?:la|su) oferta\b|"
            r"\boffre\b[^.\n]{0,80}\bretirée\b|\ba retiré (?:son|l'|l’)\s?offre\b",
            _I,
        ),
    ),
    (
        OFFER_EXPIRED,
        re.compile(
            r"\boffer\b[^.\n]{0,80}\b(?:has )?expired\b|\bexpired offer\b|"
            r"\bangebot\b[^.\n]{0,80}\babgelaufen\b|"
            r"\boferta\b[^.\n]{0,80}\b(?:ha )?(?:vencido|caducado|expirado)\b|"
            r"\boffre\b[^.\n]{0,80}\b(?:a )?expiré\b",
            _I,
        ),
    ),
    (
        CONTRACT_STARTED,
        re.compile(
            r"\b(?:your )?contract\b[^.\n]{0,80}\b(?:has )?(?:started|begun|begins today|"
            r"is now active)\b|\bcontract started\b|\byou(?:'ve| have) been hired\b|"
            r"\bvertrag\b[^.\n]{0,80}\b(?:hat begonnen|gestartet|ist jetzt aktiv)\b|"
            r"\bcontrato\b[^.\n]{0,80}\b(?:ha comenzado|ha empezado|ha iniciado|está activo)\b|"
            r"\bcontrat\b[^.\n]{0,80}\b(?:a commencé|a démarré|est actif)\b",
            _I,
        ),
    ),
    (
        INVITATION_WITHDRAWN,
        re.compile(
            r"\binvitation\b[^.\n]{0,80}\b(?:has been |was )?(?:withdrawn|cancell?ed|revoked)\b|"
            r"\bwithdr[ae]w (?:the|their|its|an|this|your) invitation\b|"
            r"\bwithdrawn (?:the|their|its|an|this|your) invitation\b|"
            r"\beinladung\b[^.\n]{0,80}\b(?:zurückgezogen|storniert)\b|"
            r"\binvitación\b[^.\n]{0,80}\b(?:retirada|cancelada)\b|"
            r"\bretir(?:ó|ado) (?:la|su) invitación\b|"
            r"\binvitation\b[^.\n]{0,80}\b(?:retirée|annulée)\b",
            _I,
        ),
    ),
    (
        JOB_CLOSED,
        re.compile(
            r"\bjob\b[^.\n]{0,80}\b(?:has been |was |is (?:now )?)?(?:closed|filled|"
            r"no longer (?:available|accepting))\b|\bjob closed\b|"
            r"\b(?:closed|removed) (?:the|this|their) job\b|"
            r"\b(?:stelle|projekt|auftrag)\b[^.\n]{0,80}\b(?:geschlossen|besetzt)\b|"
            r"\b(?:trabajo|empleo)\b[^.\n]{0,80}\b(?:cerrado|se ha cerrado|ha sido cerrado)\b|"
            r"\b(?:offre d'emploi|offre d’emploi|mission|projet)\b[^.\n]{0,80}\b(?:fermée|"
            r"clôturée|fermé|clôturé)\b",
            _I,
        ),
    ),
    (
        INVITATION,
        re.compile(
            r"\binvit(?:ed|es|ing) you to (?:an )?interview\b|\binvitation to (?:an )?interview\b|"
            r"\binterview invitation\b|\binvited to interview\b|\bwould like to interview you\b|"
            r"\beinladung zum (?:vorstellungsgespräch|interview|gespräch)\b|"
            r"\bzu einem (?:vorstellungsgespräch|interview|gespräch) eingeladen\b|"
            r"\binvitación (?:para|a) (?:una )?entrevista\b|\binvitado a una entrevista\b|"
            r"\bte ha invitado\b|\binvitation à (?:un )?entretien\b|\bvous a invité\b",
            _I,
        ),
    ),
    (
        OFFER,
        re.compile(
            r"\bsent you (?:an|a new|a|the) (?:contract )?offer\b|\bmade you an offer\b|"
            r"\b(?:new|an|contract|received an|got an) offer\b|\boffer from\b|"
            r"\boffer (?:details|for)\b|\breview (?:the|your) offer\b|\baccept (?:the )?offer\b|"
            r"\bhat Ihnen ein Angebot\b|\b(?:neues|ein) Angebot\b|\bAngebot (?:von|für)\b|"
            r"\bte ha enviado una oferta\b|\b(?:nueva|una) oferta\b|\boferta (?:de|para)\b|"
            r"\boffre (?:de contrat|de mission|pour|de la part)\b|"
            r"\bvous a (?:envoyé|fait) une offre\b|\bnouvelle offre\b",
            _I,
        ),
    ),
    # Last: a page copy that says only "Invited 2 hours ago" or "Invitation".
    (
        INVITATION,
        re.compile(
            r"\binvited\b|\binvitation\b|\beinladung\b|\beingeladen\b|\binvitación\b|"
            r"\binvito\b|\binvitado\b",
            _I,
        ),
    ),
]

# How far into the body the wording is looked for: the kind is said at the top.
_HEAD_CHARS = 4_000


def kind_of(alternatives):
    """The kind the subject says, else the one the body's opening says, else `unknown`."""
    first = alternatives[0]
    subject = first.headers.get("subject", "")
    for kind, wording in _WORDINGS:
        if subject and wording.search(subject):
            return kind
    for pasted in alternatives:
        head = " ".join(pasted.paragraphs)[:_HEAD_CHARS]
        for kind, wording in _WORDINGS:
            if wording.search(head):
                return kind
    return UNKNOWN
