"""Deterministic synthetic fact sets for the benchmark: N facts with terms, events,
entities and pages in proportion, in Arabic and English, valid against the model.

The text is composed from word banks in the register of the real explainer (companies,
sums, deals, regulators), with Latin names inside Arabic prose and every kind of
reference ({fact:}, {term:}, {date:}, {cite:}), so rendering does the same work per
entry as on the real content. Files stay well under load.py's size and node limits.

    python bench/synth.py 1000 /tmp/facts-1000
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import yaml

# Per 10 facts: 1 explainer page, 2 terms, 3 events, 1 entity (the real content has
# 7 facts, 4 pages, 6 terms, 4 events, 3 entities; pages are grouped denser here).
PER_FILE = {"facts": 200, "terms": 100, "events": 200, "entities": 200, "pages": 25}
SOURCE_PARAGRAPHS = 60

COMPANIES = [
    ("النور للحوسبة", "Al Noor Computing"),
    ("الأفق السحابية", "Horizon Cloud"),
    ("الرواد للطاقة", "Pioneer Energy"),
    ("المدار للاتصالات", "Orbit Telecom"),
    ("الواحة القابضة", "Oasis Holdings"),
    ("الجسر للتمويل", "Bridge Finance"),
    ("القمة للرقائق", "Summit Chips"),
    ("المستقبل للبيانات", "Future Data"),
    ("الشروق للنقل", "Sunrise Transport"),
    ("الريادة للاستثمار", "Lead Investments"),
    ("Nimbus", "Nimbus"),
    ("Vertex AI Labs", "Vertex AI Labs"),
]
METRICS = [
    ("إيرادات", "Revenue of"),
    ("أرباح", "Profits of"),
    ("استثمارات", "Investment by"),
    ("قيمة", "Valuation of"),
    ("نفقات", "Spending by"),
    ("ديون", "Debt of"),
    ("حصة", "Market share of"),
    ("عدد موظفي", "Headcount of"),
    ("صادرات", "Exports of"),
    ("تكلفة مراكز بيانات", "Data centre costs of"),
]
REGIONS = [
    ("منطقة الخليج", "the Gulf"),
    ("شمال أفريقيا", "North Africa"),
    ("أوروبا", "Europe"),
    ("آسيا", "Asia"),
    ("السوق المحلية", "the home market"),
    ("الأمريكتين", "the Americas"),
]
NOUNS = [
    ("العقد", "contract"),
    ("الصندوق", "fund"),
    ("المؤشر", "index"),
    ("الترخيص", "licence"),
    ("الاندماج", "merger"),
    ("السند", "bond"),
    ("المركز", "hub"),
    ("النموذج", "model"),
    ("البند", "clause"),
    ("الاتفاق", "agreement"),
    ("التحالف", "alliance"),
    ("المشروع", "project"),
    ("البرنامج", "programme"),
    ("الضمان", "guarantee"),
    ("القرض", "loan"),
    ("الامتياز", "concession"),
    ("الحد", "cap"),
    ("الاكتتاب", "offering"),
    ("الإطار", "framework"),
    ("المعيار", "standard"),
]
ADJECTIVES = [
    ("السيادي", "sovereign"),
    ("المشترك", "joint"),
    ("الآجل", "forward"),
    ("الرقمي", "digital"),
    ("الحصري", "exclusive"),
    ("التفضيلي", "preferential"),
    ("الإقليمي", "regional"),
    ("المفتوح", "open"),
    ("المرن", "flexible"),
    ("الاستراتيجي", "strategic"),
    ("السحابي", "cloud"),
    ("المستدام", "sustainable"),
    ("المركزي", "central"),
    ("التنظيمي", "regulatory"),
    ("الخاص", "private"),
    ("الدولي", "international"),
    ("المحلي", "domestic"),
    ("الثابت", "fixed"),
    ("المتغير", "variable"),
    ("الأخضر", "green"),
]
DOMAINS = [
    ("للطاقة", "energy"),
    ("للحوسبة", "computing"),
    ("للبيانات", "data"),
    ("للنقل", "transport"),
    ("للصحة", "health"),
    ("للتعليم", "education"),
    ("للتمويل", "finance"),
    ("للاتصالات", "telecoms"),
    ("للرقائق", "chips"),
    ("للمياه", "water"),
]
PEOPLE = [
    ("سارة الحسن", "Sara Al Hassan"),
    ("أحمد منصور", "Ahmed Mansour"),
    ("ليلى حداد", "Layla Haddad"),
    ("خالد العلي", "Khaled Al Ali"),
    ("نور سالم", "Nour Salem"),
    ("عمر يعقوب", "Omar Yacoub"),
    ("هدى عيسى", "Huda Issa"),
    ("يوسف نجار", "Youssef Najjar"),
]
AR_CLAUSES = [
    "وبحسب التقرير، جاء ذلك بعد مفاوضات استمرت عدة أشهر بين الطرفين",
    "ويرى محللون أن الخطوة تعكس رغبة الشركة في تنويع مصادر تمويلها",
    "في حين لم تعلّق {company} رسميًا على هذه الأرقام حتى الآن",
    "ويشير التقرير إلى أن الجهات التنظيمية تراجع الصفقة عن كثب",
    "مع بقاء تفاصيل كثيرة، منها الجدول الزمني، غير معلنة",
    "وهو ما يضع ضغوطًا إضافية على المنافسين في {region}",
]
EN_CLAUSES = [
    "According to the report, this followed months of talks between the two sides",
    "Analysts see the move as the company's attempt to widen its sources of funding",
    "{company} has not yet commented on these figures",
    "The report notes that regulators are reviewing the deal closely",
    "Many details, including the timetable, remain undisclosed",
    "This puts more pressure on competitors in {region}",
]


def proportions(facts: int) -> dict[str, int]:
    """How many entries of each kind go with `facts` facts."""
    return {
        "facts": facts,
        "pages": max(1, facts // 10),
        "terms": max(2, facts // 5),
        "events": max(1, facts * 3 // 10),
        "entities": max(3, facts // 10),
        "sources": min(10, 2 + facts // 2000),
    }


class Synth:
    def __init__(self, facts: int, seed: int = 7) -> None:
        self.random = random.Random(seed)  # noqa: S311 - reproducible, not secret
        self.counts = proportions(facts)
        self.sources = [f"r{n + 1}" for n in range(self.counts["sources"])]
        self.term_names = self._term_names()

    def _term_names(self) -> list[tuple[str, str]]:
        names = [
            (f"{ar_noun} {ar_adj} {ar_dom}", f"{en_adj.capitalize()} {en_noun} for {en_dom}")
            for (ar_dom, en_dom) in DOMAINS
            for (ar_adj, en_adj) in ADJECTIVES
            for (ar_noun, en_noun) in NOUNS
        ]
        if self.counts["terms"] > len(names):
            raise ValueError(f"at most {len(names)} distinct terms")
        self.random.shuffle(names)
        return names[: self.counts["terms"]]

    # -- small pieces -------------------------------------------------------------

    def cite(self) -> dict[str, Any]:
        return {
            "source": self.random.choice(self.sources),
            "paragraph": self.random.randint(1, SOURCE_PARAGRAPHS),
        }

    def date(self) -> str | int:
        year = self.random.randint(2015, 2032)
        shape = self.random.random()
        if shape < 0.3:
            return year
        month = self.random.randint(1, 12)
        if shape < 0.7:
            return f"{year}-{month:02d}"
        return f"{year}-{month:02d}-{self.random.randint(1, 28):02d}"

    def clause(self, lang: str, index: int) -> str:
        bank = AR_CLAUSES if lang == "ar" else EN_CLAUSES
        company = COMPANIES[index % len(COMPANIES)][0 if lang == "ar" else 1]
        region = REGIONS[index % len(REGIONS)][0 if lang == "ar" else 1]
        return self.random.choice(bank).format(company=company, region=region)

    def fact_id(self, n: int) -> str:
        return f"fact-{n:05d}"

    def term_id(self, n: int) -> str:
        return f"term-{n:05d}"

    def page_id(self, n: int) -> str:
        return f"topic-{n:05d}"

    def value(self, n: int, source: str) -> dict[str, Any]:
        kind = n % 5
        value: dict[str, Any]
        if kind in (0, 1):
            value = {
                "amount": self.random.choice([1.5, 2, 3.25, 10, 13.75, 40, 75, 120, 500]),
                "scale": self.random.choice(["million", "billion"]),
                "unit": "money",
                "currency": self.random.choice(["USD", "USD", "EUR"]),
            }
        elif kind == 2:
            value = {"amount": self.random.randint(1, 99), "unit": "percent"}
        elif kind == 3:
            value = {"amount": self.random.randint(2, 15), "unit": "years"}
        else:
            value = {"amount": self.random.randint(200, 90000), "unit": "count"}
        value["qualifier"] = self.random.choice(["exact", "exact", "about", "more-than", "up-to"])
        value["status"] = self.random.choice(["reported", "reported", "expected", "planned"])
        roll = self.random.random()
        if roll < 0.3:
            value["as_of"] = self.date()
        elif roll < 0.45:
            value["by"] = self.random.randint(2026, 2035)
        elif roll < 0.55:
            value["since"] = self.random.randint(2015, 2024)
        value["source"] = source
        value["paragraph"] = self.random.randint(1, SOURCE_PARAGRAPHS)
        return value

    # -- entries ------------------------------------------------------------------

    def fact(self, n: int) -> dict[str, Any]:
        metric = METRICS[n % len(METRICS)]
        company = COMPANIES[(n // len(METRICS)) % len(COMPANIES)]
        region = REGIONS[(n // 7) % len(REGIONS)]
        sources = self.random.sample(self.sources, 2 if n % 7 == 0 else 1)
        values = [self.value(n, source) for source in sources]
        if len(values) == 2 and n % 14 == 0:  # the reports agree on half of the pairs
            values[1] = {**values[0], "source": sources[1]}
        fact: dict[str, Any] = {
            "id": self.fact_id(n),
            "page": self.page_id(n % self.counts["pages"]),
            "label": {
                "ar": f"{metric[0]} {company[0]} في {region[0]}",
                "en": f"{metric[1]} {company[1]} in {region[1]}",
            },
            "values": values,
        }
        if n % 4 == 0:
            fact["note"] = {"ar": self.clause("ar", n) + ".", "en": self.clause("en", n) + "."}
        return fact

    def term(self, n: int) -> dict[str, Any]:
        ar_name, en_name = self.term_names[n]
        fact = self.fact_id(self.random.randrange(self.counts["facts"]))
        term: dict[str, Any] = {"id": self.term_id(n)}
        if n % 10 == 0:
            term["abbr"] = "".join(word[0] for word in en_name.split()).upper() + f"{n // 10}"
        term.update(
            {
                "term": {"ar": ar_name, "en": en_name},
                "short": {
                    "ar": f"أداة تستخدمها الشركات في قطاع {DOMAINS[n % 10][0][2:]} لتنظيم "
                    "التزاماتها المالية.",
                    "en": f"A tool companies in {DOMAINS[n % 10][1]} use to organise what "
                    "they owe and are owed.",
                },
                "long": {
                    "ar": f"يُقصد بـ{ar_name} ترتيب مالي أو قانوني تلجأ إليه الشركات الكبرى، "
                    f"ومنها {COMPANIES[n % 12][0]}. ويبلغ حجمه بحسب التقرير {{fact:{fact}}}."
                    f"\n\n{self.clause('ar', n)}، بحسب {{cite:{self.sources[0]}:{n % 50 + 1}}}.",
                    "en": f"The {en_name.lower()} is a financial or legal arrangement that large "
                    f"companies such as {COMPANIES[n % 12][1]} turn to. The report puts its "
                    f"size at {{fact:{fact}}}.\n\n{self.clause('en', n)}, according to "
                    f"{{cite:{self.sources[0]}:{n % 50 + 1}}}.",
                },
                "related": sorted(
                    {self.term_id((n + step) % self.counts["terms"]) for step in (1, 7)}
                    - {self.term_id(n)}
                ),
                "cited": [self.cite()],
            }
        )
        return term

    def event(self, n: int) -> dict[str, Any]:
        fact = self.fact_id(self.random.randrange(self.counts["facts"]))
        company = COMPANIES[n % len(COMPANIES)]
        other = COMPANIES[(n * 5 + 3) % len(COMPANIES)]
        date = self.date() if n % 40 else f"--{n % 12 + 1:02d}"
        return {
            "id": f"event-{n:05d}",
            "date": date,
            "title": {
                "ar": f"{company[0]} توقّع اتفاقًا مع {other[0]}",
                "en": f"{company[1]} signs a deal with {other[1]}",
            },
            "text": {
                "ar": f"أعلنت {company[0]} اتفاقًا مع {other[0]} بقيمة {{fact:{fact}}}. "
                f"{self.clause('ar', n)}.",
                "en": f"{company[1]} announced a deal with {other[1]} worth {{fact:{fact}}}. "
                f"{self.clause('en', n)}.",
            },
            "facts": [fact],
            "cited": [self.cite()],
        }

    def entity(self, n: int) -> dict[str, Any]:
        kind = ["company", "person", "authority", "organization", "group"][n % 5]
        ar_name, en_name = (PEOPLE if kind == "person" else COMPANIES)[n % 8]
        return {
            "id": f"party-{n:05d}",
            "kind": kind,
            "name": {"ar": f"{ar_name} {n}", "en": f"{en_name} {n}"},
            "role": {
                "ar": f"طرف في الصفقات التي يتناولها التقرير في {REGIONS[n % 6][0]}. "
                f"{self.clause('ar', n)}.",
                "en": f"A party to the deals the report covers in {REGIONS[n % 6][1]}. "
                f"{self.clause('en', n)}.",
            },
            "cited": [self.cite()],
        }

    def page(self, n: int) -> dict[str, Any]:
        pages, facts, terms = self.counts["pages"], self.counts["facts"], self.counts["terms"]
        own = [self.fact_id(f) for f in range(n, facts, pages)] or [self.fact_id(0)]
        company = COMPANIES[n % len(COMPANIES)]
        region = REGIONS[n % len(REGIONS)]
        sections = []
        for s, (ar_head, en_head) in enumerate(
            [
                ("ما الذي حدث؟", "What happened?"),
                ("الأرقام", "The numbers"),
                ("ما التالي؟", "What comes next?"),
            ]
        ):
            fact = own[s % len(own)]
            term = self.term_id((n * 3 + s) % terms)
            cite = self.cite()
            ref = f"{{cite:{cite['source']}:{cite['paragraph']}}}"
            sections.append(
                {
                    "id": f"part-{s + 1}",
                    "heading": {"ar": ar_head, "en": en_head},
                    "body": {
                        "ar": f"تقول {company[0]} إن {{term:{term}}} يبلغ {{fact:{fact}}} منذ "
                        f"{{date:{2015 + n % 10}-0{1 + s}}}. {self.clause('ar', n + s)} {ref}."
                        f"\n\n{self.clause('ar', n + s + 1)}، وذلك في {region[0]}.",
                        "en": f"{company[1]} says the {{term:{term}}} stands at {{fact:{fact}}} "
                        f"since {{date:{2015 + n % 10}-0{1 + s}}}. {self.clause('en', n + s)} "
                        f"{ref}.\n\n{self.clause('en', n + s + 1)}, in {region[1]}.",
                    },
                    "cited": [cite],
                }
            )
        return {
            "id": self.page_id(n),
            "title": {
                "ar": f"{company[0]} في {region[0]}: الملف {n + 1}",
                "en": f"{company[1]} in {region[1]}: file {n + 1}",
            },
            "summary": {
                "ar": f"ما نعرفه عن صفقات {company[0]} في {region[0]}، ومنها {{fact:{own[0]}}}.",
                "en": f"What we know about {company[1]}'s deals in {region[1]}, including "
                f"{{fact:{own[0]}}}.",
            },
            "sections": sections,
        }

    def settings(self) -> dict[str, Any]:
        return {
            "title": {"ar": "صفقات الذكاء الاصطناعي بالأرقام", "en": "AI deals in numbers"},
            "description": {
                "ar": "شرح مبسّط بالعربية والإنجليزية لصفقات شركات الحوسبة، بالأرقام والمصادر.",
                "en": "A plain explainer, in Arabic and English, of computing deals, with "
                "figures and sources.",
            },
            "home": {
                "lede": {
                    "ar": f"تتسارع صفقات الحوسبة في المنطقة، وأكبرها {{fact:{self.fact_id(0)}}}.",
                    "en": f"Computing deals are speeding up; the largest is "
                    f"{{fact:{self.fact_id(0)}}}.",
                },
                "key_facts": [self.fact_id(n) for n in range(min(4, self.counts["facts"]))],
            },
        }

    def source(self, n: int) -> dict[str, Any]:
        return {
            "id": self.sources[n],
            "label": {"ar": "أبجدهوزحطي"[n % 10], "en": "ABCDEFGHIJ"[n % 10]},
            "file": f"report-{n + 1:03d}.txt",
            "paragraphs": SOURCE_PARAGRAPHS,
            "language": "ar",
            "title": {
                "ar": f"تقرير إخباري رقم {n + 1} عن صفقات الحوسبة",
                "en": f"News report {n + 1} on computing deals",
            },
            "summary": {"ar": self.clause("ar", n) + ".", "en": self.clause("en", n) + "."},
        }


def generate(facts: int, folder: Path, seed: int = 7) -> dict[str, int]:
    """Write the fact set into `folder` (which must not hold other .yml files)."""
    synth = Synth(facts, seed)
    counts = synth.counts
    folder.mkdir(parents=True, exist_ok=True)
    _dump(folder / "site.yml", {"site": synth.settings()})
    _dump(folder / "sources.yml", {"sources": [synth.source(n) for n in range(counts["sources"])]})
    makers = {
        "facts": synth.fact,
        "terms": synth.term,
        "events": synth.event,
        "entities": synth.entity,
        "pages": synth.page,
    }
    for kind, make in makers.items():
        size = PER_FILE[kind]
        for start in range(0, counts[kind], size):
            entries = [make(n) for n in range(start, min(start + size, counts[kind]))]
            _dump(folder / kind / f"{kind}-{start // size:04d}.yml", {kind: entries})
    return counts


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
