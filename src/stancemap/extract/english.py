"""English function words the extractor reads; a scenario may override the open lists.

These belong to the language, not to a negotiation, so they live in code; the
negotiation's own words (names, issues, action cues) live in the scenario file.
"""

from __future__ import annotations

import re

SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "declare",
        "write",
        "post",
        "add",
        "note",
        "stress",
        "emphasize",
        "emphasise",
        "claim",
        "announce",
        "warn",
        "insist",
        "argue",
        "explain",
        "reiterate",
        "confirm",
        "suggest",
        "indicate",
        "signal",
        "tweet",
        "assert",
        "affirm",
        "reply",
        "respond",
        "acknowledge",
        "remark",
        "comment",
        "underline",
        "underscore",
        "admit",
        "maintain",
        "repeat",
        "mention",
        "caution",
        "predict",
        "describe",
        "call",
    ]
)


DEFAULT_HEDGES = (
    "reportedly",
    "allegedly",
    "purportedly",
    "according to",
    "sources say",
    "sources said",
    "source said",
    "sources told",
    "source told",
    "citing",
    "cited by",
    "is said to",
    "are said to",
    "was said to",
    "reports suggest",
    "it is understood",
    "understood to",
    "familiar with",
    "leaked",
    "rumored",
    "rumoured",
    "speaking on condition of anonymity",
    "on the condition of anonymity",
    "anonymous",
)

DEFAULT_ROLE_NOUNS = (
    "officials",
    "official",
    "diplomats",
    "diplomat",
    "negotiators",
    "negotiator",
    "delegation",
    "side",
    "authorities",
    "government",
    "leadership",
    "leaders",
    "leader",
    "president",
    "prime minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "foreign ministry",
    "ministry",
    "envoy",
    "envoys",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "lawmakers",
    "parliament",
    "administration",
    "team",
    "counterparts",
    "partners",
    "allies",
    "chancellor",
    "sources",
    "source",
    "ambassador",
    "commander",
    "secretary",
    "adviser",
    "advisor",
    "aide",
    "chief",
    "senator",
    "commissioner",
    "director",
    "head",
    "military",
    "troops",
    "forces",
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
FIRST_PERSON = frozenset({"i", "we", "us", "our", "me", "my"})

# Modal auxiliaries: a negated modal ("would never accept", "will not") is a refusal,
# a negated perfect ("has not endorsed") is only the absence of a stance.
MODALS = frozenset({"will", "would", "can", "could", "shall", "must", "wo", "ca"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
REFUSAL_HEADS = frozenset({"refuse", "decline", "reject", "oppose", "resist", "rule"})


# Plural nouns that, with "both", "two" or "the", stand for the two parties last named
# ("both sides agreed", "the parties reached an understanding").
COLLECTIVE_NOUNS = frozenset({"side", "party", "leader", "delegation", "country", "nation"})
COLLECTIVE_DETS = frozenset({"both", "two", "the"})

# Nouns for a plan whose clauses its author proposes, and verbs that put one forward.
PLAN_HEADS = frozenset(
    {"plan", "proposal", "memorandum", "draft", "framework", "counter-proposal", "counterproposal",
     "document", "version", "outline", "blueprint", "roadmap", "initiative"}
)
# Nouns whose subject role points to whoever authored a plan ("the memorandum demands"):
# the plan heads and what a plan is also called once named ("the deal", "the points").
PLAN_NOUNS = PLAN_HEADS | {"deal", "agreement", "text", "proposals", "points", "point"}
PUT_FORWARD = frozenset(
    {
        "circulate",
        "advance",
        "present",
        "submit",
        "draft",
        "unveil",
        "propose",
        "table",
        "send",
        "deliver",
        "hand",
        "put",
        "offer",
        "prepare",
        "develop",
        "release",
        "publish",
    }
)

# Idioms whose words look like issue terms but name none: "in exchange for nothing"
# is a price, not a prisoner exchange; "in return for" likewise.
# "Western powers", "great powers" are states, not a president's powers.
IDIOMS = re.compile(
    r"\b(?:in\s+exchange\s+for|in\s+return\s+for|"
    r"(?:great|major|world|global|foreign|regional|nuclear|western|european)\s+powers)\b",
    re.I,
)

# Verbs that put an acceptance on someone else: "persuade Kyiv to accept", "pressed
# Ukraine to accept"; and modals that make it a demand or a doubt, not a stance.
CAUSATIVES = frozenset(
    {"persuade", "urge", "press", "pressure", "force", "convince", "push", "ask", "call"}
    | {"encourage", "need", "have", "compel", "tell", "get"}
)
IRREALIS_MODALS = frozenset({"must", "should", "might", "may", "ought"})
# Marks of a supposition ("if Kyiv agrees"); with "whether", of an open question.
SUPPOSITION_MARKS = frozenset({"if", "unless"})
# Verbs and adjectives that doubt what they govern: "diplomats doubt Putin will accept".
DOUBT_HEADS = frozenset(
    {"doubt", "question", "wonder", "unclear", "uncertain", "unsure", "skeptical", "sceptical"}
)
# Verbs whose "against" refuses: "warned Washington against sending missiles".
AGAINST_VERBS = frozenset(
    {"warn", "caution", "argue", "lobby", "campaign", "vote", "speak", "advise", "push"}
)
# "Trump set Moscow a deadline", "issued an ultimatum": verbs that impose what their
# object names; a weak cue ("deadline") is then the subject's own demand.
IMPOSING_VERBS = frozenset({"set", "give", "issue", "impose", "make", "extend", "deliver"})
# "warned that supplying missiles would damage relations": to warn that a course of
# action would do harm is to refuse it. The warning words, the harm done by a verb, and
# the harm a course "leads to" or "means".
WARNING_HEADS = frozenset({"warn", "warning", "caution"})
HARM_VERBS = frozenset(
    {"damage", "destroy", "undermine", "jeopardize", "jeopardise", "endanger", "derail",
     "harm", "hurt", "worsen", "prolong", "sabotage", "ruin", "wreck", "escalate",
     "provoke", "inflame"}
)
CAUSE_VERBS = frozenset({"lead", "mean", "cause", "trigger", "spark", "bring", "result"})
HARM_NOUNS = frozenset(
    {"escalation", "destruction", "catastrophe", "collapse", "confrontation", "disaster",
     "war", "rupture", "breakdown"}
)
# Judgements of a thing or person: "Zelensky is illegitimate", "the plan is unacceptable".
# Their subject is what is judged; the one judging is whoever says so.
# Condemnations a party pronounces on a thing ("called the plan illegal", "branded it
# theft", "dismissed the idea as unrealistic"): a refusal of it, when they are the
# predicate of the judging verb, not a word in passing ("the illegal annexation").
CONDEMNATIONS = frozenset(
    {"illegal", "unlawful", "unrealistic", "absurd", "theft", "robbery", "provocation",
     "provocative", "nonsense", "counterproductive", "blackmail", "non-starter"}
)
JUDGING_VERBS = frozenset(
    {"call", "brand", "label", "describe", "denounce", "condemn", "dismiss", "deem",
     "consider", "regard", "term", "view", "characterize", "characterise"}
)
EVALUATIVES = frozenset({"unacceptable", "illegitimate", "acceptable"}) | CONDEMNATIONS
COPULAS = frozenset({"be", "seem", "remain", "appear", "look"})
# Adjuncts of time and circumstance: "rejected the truce after meeting the US" says
# nothing about meetings.
CIRCUMSTANCE_PREPS = frozenset(
    {"after", "before", "during", "ahead", "following", "amid", "since", "upon", "prior"}
)
CONDITION_MARKS = SUPPOSITION_MARKS | {"whether"}
CONCESSIVE_MARKS = frozenset({"while", "although", "though", "whereas"})
# Where a plan was put forward ("presented at the summit", "the memorandum in the
# Istanbul negotiations"), as opposed to what it is about ("a plan for talks").
OCCASION_PREPS = frozenset({"in", "at"})

# Forms of address before a name; the offices themselves are the role nouns.
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})
