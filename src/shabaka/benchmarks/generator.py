"""A large synthetic dataset for the benchmark (`shabaka bench_data --scale N`).

At scale 1: 5,000 organisations, 200 networks with their memberships, 20,000 events with
1,000,000 participations, invitations to networks with their nominations for one event in ten,
50,000 news items and 50,000 documents, 2,000 projects, one action plan per network with
100,000 activities in all and their indicators and progress updates, and the search index over
all of it. Text mixes Arabic, French and English.

Three signed-in users (shabaka.benchmarks.users; the pages each is measured on are listed by
shabaka.benchmarks.pages): a network coordinator, who also edits the network's coordinating
organisation, an organiser of the event whose console is measured; an editor of one active
member organisation of that network; and project staff, with a confirmed authenticator.

It writes in bulk, not through the services: rows are built as model instances (so field
defaults apply), given their primary keys up front (so related rows can point at them without
reading them back), and inserted in batches: `executemany` on SQLite, `COPY` on PostgreSQL.
No audit entries and no signals: this is a load-test fixture, never data a person entered.
Every generated slug starts with "bench-" (or the prefix given); the output is deterministic.
"""

import itertools
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.html import escape

from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility

BATCH = 5_000

# Counts at scale 1.
COUNTS = {
    "organisations": 5_000,
    "people": 25_000,
    "networks": 200,
    "projects": 2_000,
    "events": 20_000,
    "participations": 1_000_000,
    "news": 50_000,
    "documents": 50_000,
    "activities": 100_000,
    "progress_updates": 100_000,
}

# Words to compose titles and descriptions from, in the three languages of the platform.
WORDS = {
    "ar": {
        "kinds": ["جمعية", "منظمة", "مؤسسة", "شبكة", "مركز", "اتحاد"],
        "subjects": [
            "الهجرة",
            "حقوق المهاجرين",
            "التنمية المحلية",
            "الشباب",
            "المرأة",
            "الحماية",
            "العودة الطوعية",
            "إدارة الحدود",
            "الإغاثة",
            "التعليم",
        ],
        "adjectives": ["الوطنية", "الليبية", "الأهلية", "المستقلة", "الجديدة", "المتحدة"],
        "event": ["ورشة عمل حول", "دورة تدريبية في", "زيارة دراسية عن", "مشاورة بشأن"],
        "sentences": [
            "تعمل المنظمة مع المجتمعات المحلية على قضايا {s}.",
            "يهدف النشاط إلى تعزيز التنسيق بين الشبكات في مجال {s}.",
            "شارك ممثلو الشبكات في نقاش حول {s} وخطة العمل.",
            "تم الاتفاق على مدونة سلوك مشتركة وتكييف الأنشطة مع الوضع.",
        ],
    },
    "fr": {
        "kinds": ["Association", "Organisation", "Fondation", "Réseau", "Centre", "Union"],
        "subjects": [
            "la migration",
            "les droits des migrants",
            "le développement local",
            "la jeunesse",
            "les femmes",
            "la protection",
            "le retour volontaire",
            "la gestion des frontières",
            "l'aide humanitaire",
            "l'éducation",
        ],
        "adjectives": ["nationale", "libyenne", "citoyenne", "indépendante", "nouvelle", "unie"],
        "event": ["Atelier sur", "Formation à", "Visite d'étude sur", "Consultation sur"],
        "sentences": [
            "L'organisation travaille avec les communautés locales sur {s}.",
            "L'activité renforce la coordination entre les réseaux dans le domaine de {s}.",
            "Les représentants des réseaux ont discuté de {s} et du plan d'action.",
            "Un code de conduite commun a été adopté et les activités adaptées au contexte.",
        ],
    },
    "en": {
        "kinds": ["Association", "Organisation", "Foundation", "Network", "Centre", "Union"],
        "subjects": [
            "migration",
            "migrants' rights",
            "local development",
            "youth",
            "women",
            "protection",
            "voluntary return",
            "border management",
            "humanitarian relief",
            "education",
        ],
        "adjectives": ["National", "Libyan", "Civic", "Independent", "New", "United"],
        "event": ["Workshop on", "Training in", "Study visit on", "Consultation on"],
        "sentences": [
            "The organisation works with local communities on {s}.",
            "The activity strengthens coordination between networks on {s}.",
            "Network representatives discussed {s} and the action plan.",
            "A common Code of Conduct was adopted and activities adapted to the context.",
        ],
    },
}
LANGUAGES = ["ar", "ar", "en", "fr"]  # Arabic first, as the platform's users are


class Generator:
    def __init__(self, *, scale: float, stdout=None, seed: int = 2021, prefix: str = "bench-"):
        self.scale = scale
        self.prefix = prefix  # of every slug; another prefix loads a second batch beside it
        self.out = stdout
        self.rng = random.Random(f"{seed}-{prefix}")  # str seeds are deterministic
        self.now = datetime(2025, 1, 1, tzinfo=UTC)
        self.timings: dict[str, float] = {}

    # --- helpers -------------------------------------------------------------------------

    def count(self, name: str, minimum: int = 1) -> int:
        return max(minimum, round(COUNTS[name] * self.scale))

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message)
            if hasattr(self.out, "flush"):
                self.out.flush()

    def lang(self) -> str:
        return self.rng.choice(LANGUAGES)

    def name(self, language: str, n: int) -> str:
        w = WORDS[language]
        r = self.rng
        if language == "ar":
            return (
                f"{r.choice(w['kinds'])} {r.choice(w['subjects'])} {r.choice(w['adjectives'])} {n}"
            )
        if language == "fr":
            kind, adjective = r.choice(w["kinds"]), r.choice(w["adjectives"])
            return f"{kind} {adjective} pour {r.choice(w['subjects'])} {n}"
        return (
            f"{r.choice(w['adjectives'])} {r.choice(w['kinds'])} for {r.choice(w['subjects'])} {n}"
        )

    def text(self, language: str, sentences: int = 3) -> str:
        w = WORDS[language]
        return " ".join(
            self.rng.choice(w["sentences"]).format(s=self.rng.choice(w["subjects"]))
            for _ in range(sentences)
        )

    def title(self, language: str, n: int) -> str:
        w = WORDS[language]
        return f"{self.rng.choice(w['event'])} {self.rng.choice(w['subjects'])} ({n})"

    def date_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    @staticmethod
    def next_id(model) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def insert(self, model, objects, *, label: str = "", total: int | None = None) -> int:
        """Inserts model instances (an iterable, consumed in batches) with their primary keys
        set. Returns how many rows were written."""
        # Generated columns (events' length_days) are computed by the database, never written.
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        columns = [f.column for f in fields]
        table = model._meta.db_table
        written = 0
        batch = []
        started = time.monotonic()

        def flush():
            nonlocal written
            if not batch:
                return
            rows = [
                tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
                for obj in batch
            ]
            self._write(table, columns, rows)
            written += len(rows)
            batch.clear()
            if label and (total or 0) >= 50_000 and written % 100_000 < BATCH:
                self.say(f"    {label}: {written:,}/{total:,}")

        for obj in objects:
            batch.append(obj)
            if len(batch) >= BATCH:
                flush()
        flush()
        if label:
            self.timings[label] = time.monotonic() - started
        return written

    def _write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)

    def m2m(self, field, pairs) -> int:
        """Rows of an automatic many-to-many table from (source id, target id) pairs."""
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        start = self.next_id(through)
        return self.insert(
            through,
            (
                through(pk=start + n, **{f"{source}_id": a, f"{target}_id": b})
                for n, (a, b) in enumerate(pairs)
            ),
        )

    def step(self, label: str, function) -> None:
        started = time.monotonic()
        result = function()
        took = time.monotonic() - started
        self.timings[label] = took
        self.say(f"  {label}: {result:,} rows in {took:.1f} s")

    # --- the dataset ---------------------------------------------------------------------

    def run(self) -> dict[str, float]:
        from shabaka.directory.reference import load_reference_data
        from shabaka.networks.models import Network

        if Network.objects.filter(slug__startswith=self.prefix).exists():
            raise RuntimeError(
                "Benchmark data is already loaded here. Use an empty database "
                "(another SHABAKA_DATA_DIR or DATABASE_URL)."
            )
        started = time.monotonic()
        self.say(f"Benchmark data at scale {self.scale} ({connection.vendor})")
        load_reference_data()
        from shabaka.directory.models import Country, Place, Topic

        self.libya = Country.objects.get(code="LY")
        self.countries = list(Country.objects.values_list("pk", flat=True))
        self.places = list(
            Place.objects.filter(country=self.libya).values_list("pk", flat=True)
        ) or [None]
        self.topics = list(Topic.objects.values_list("pk", flat=True))
        with transaction.atomic():
            self.step("organisations", self.organisations)
            self.step("people", self.people)
            self.step("networks and memberships", self.networks)
            self.step("projects", self.projects)
            self.step("events", self.events)
            self.step("participations", self.participations)
            self.step("invitations and nominations", self.invitations)
            self.step("documents", self.documents)
            self.step("news items", self.news)
            self.step("action plans, activities, progress", self.plans)
            self.step("search index", self.search_index)
            self.step("signed-in users and roles", self.users)
        self.reset_sequences()
        with connection.cursor() as cursor:
            # Fresh planner statistics on both databases; on PostgreSQL also the visibility map
            # (VACUUM) that autovacuum would have set on a running site, without which no count
            # can be answered from an index alone. VACUUM cannot run inside a transaction.
            if connection.vendor == "postgresql" and connection.get_autocommit():
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("ANALYZE")
        self.timings["total"] = time.monotonic() - started
        self.say(f"Done in {self.timings['total']:.0f} s")
        return self.timings

    def organisations(self) -> int:
        from shabaka.directory.models import Organisation, OrganisationKind

        total = self.count("organisations", 20)
        start = self.next_id(Organisation)
        kinds = [OrganisationKind.CSO] * 8 + [
            OrganisationKind.GOVERNMENT,
            OrganisationKind.INTERNATIONAL,
        ]
        self.organisation_ids = list(range(start, start + total))

        def rows():
            for n, pk in enumerate(self.organisation_ids):
                language = self.lang()
                name = self.name(language, n)
                yield Organisation(
                    pk=pk,
                    name=name,
                    name_language=language,
                    name_en=self.name("en", n) if language != "en" else "",
                    normalised_name=normalise(name)[:250],
                    acronym=f"B{n}",
                    kind=self.rng.choice(kinds),
                    country_id=self.libya.pk,
                    description=self.text(language),
                    founded_year=self.rng.randint(1990, 2023),
                    visibility=Visibility.PUBLIC if n % 10 else Visibility.MEMBERS,
                    created_at=self.now,
                    updated_at=self.now,
                )

        written = self.insert(Organisation, rows())
        places = [p for p in self.places if p]
        if places:
            self.m2m(
                Organisation._meta.get_field("places"),
                ((pk, self.rng.choice(places)) for pk in self.organisation_ids),
            )
        if self.topics:
            self.m2m(
                Organisation._meta.get_field("topics"),
                (
                    (pk, t)
                    for pk in self.organisation_ids
                    for t in self.rng.sample(self.topics, min(2, len(self.topics)))
                ),
            )
        return written

    def people(self) -> int:
        from shabaka.directory.models import Person

        total = self.count("people", 100)
        start = self.next_id(Person)
        self.person_ids = list(range(start, start + total))
        self.person_org = {}

        def rows():
            for n, pk in enumerate(self.person_ids):
                organisation = self.rng.choice(self.organisation_ids)
                self.person_org[pk] = organisation
                yield Person(
                    pk=pk,
                    full_name=f"Participant {n} (placeholder)",
                    organisation_id=organisation,
                    email=f"participant{n}@bench.shabaka.invalid",
                    created_at=self.now,
                    updated_at=self.now,
                )

        return self.insert(Person, rows())

    def networks(self) -> int:
        from shabaka.networks.models import (
            Membership,
            MembershipRole,
            MembershipStatus,
            Network,
            NetworkKind,
            NetworkStatus,
        )

        total = self.count("networks", 2)
        start = self.next_id(Network)
        self.network_ids = list(range(start, start + total))
        platform_id = start + total

        def rows():
            for n, pk in enumerate(self.network_ids):
                language = self.lang()
                yield Network(
                    pk=pk,
                    name=self.name(language, n),
                    name_en=self.name("en", n),
                    acronym=f"BN{n}",
                    slug=f"{self.prefix}net-{n}",
                    mission=self.text(language, 4),
                    country_id=self.libya.pk,
                    status=NetworkStatus.ACTIVE,
                    visibility=Visibility.PUBLIC if n % 20 else Visibility.MEMBERS,
                    founded_on=self.date_between(date(2015, 1, 1), date(2023, 1, 1)),
                    created_at=self.now,
                    updated_at=self.now,
                )
            yield Network(
                pk=platform_id,
                name="منصة الشبكات (benchmark)",
                name_en="Platform of networks (benchmark)",
                slug=f"{self.prefix}platform",
                kind=NetworkKind.PLATFORM,
                country_id=self.libya.pk,
                status=NetworkStatus.ACTIVE,
                created_at=self.now,
                updated_at=self.now,
            )

        written = self.insert(Network, rows())
        # About 40 member organisations a network (an organisation may be in several).
        self.members: dict[int, list[int]] = {}
        per_network = min(40, len(self.organisation_ids))
        mstart = self.next_id(Membership)
        memberships = []
        for network in self.network_ids:
            chosen = self.rng.sample(self.organisation_ids, per_network)
            self.members[network] = chosen
            for i, organisation in enumerate(chosen):
                status = MembershipStatus.ACTIVE if i % 10 else MembershipStatus.APPLIED
                memberships.append(
                    Membership(
                        pk=mstart + len(memberships),
                        network_id=network,
                        organisation_id=organisation,
                        status=status,
                        role=MembershipRole.COORDINATOR if i == 1 else MembershipRole.MEMBER,
                        joined_on=date(2020, 1, 1) if status == MembershipStatus.ACTIVE else None,
                        applied_at=self.now,
                        created_at=self.now,
                        updated_at=self.now,
                    )
                )
        for network in self.network_ids:
            memberships.append(
                Membership(
                    pk=mstart + len(memberships),
                    network_id=platform_id,
                    member_network_id=network,
                    status=MembershipStatus.ACTIVE,
                    joined_on=date(2022, 1, 1),
                    applied_at=self.now,
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
        written += self.insert(Membership, memberships)
        places = [p for p in self.places if p]
        if places:
            self.m2m(
                Network._meta.get_field("places"),
                ((pk, self.rng.choice(places)) for pk in self.network_ids),
            )
        return written

    def projects(self) -> int:
        from shabaka.projects.models import (
            Funding,
            OrganisationRole,
            ParticipatingOrganisation,
            Project,
            ProjectStatus,
        )

        total = self.count("projects", 2)
        start = self.next_id(Project)
        self.project_ids = list(range(start, start + total))

        def rows():
            for n, pk in enumerate(self.project_ids):
                language = self.rng.choice(["en", "en", "fr", "ar"])
                begin = self.date_between(date(2015, 1, 1), date(2024, 1, 1))
                yield Project(
                    pk=pk,
                    title=self.title(language, n),
                    language=language,
                    acronym=f"BP{n}",
                    slug=f"{self.prefix}project-{n}",
                    description=self.text(language, 5),
                    status=self.rng.choice([ProjectStatus.IMPLEMENTATION, ProjectStatus.CLOSED]),
                    planned_start=begin,
                    planned_end=begin + timedelta(days=self.rng.randint(365, 1500)),
                    total_budget=self.rng.randint(100, 10_000) * 1000,
                    currency="EUR",
                    visibility=Visibility.PUBLIC if n % 10 else Visibility.STAFF,
                    created_at=self.now,
                    updated_at=self.now,
                )

        written = self.insert(Project, rows())
        pstart = self.next_id(ParticipatingOrganisation)
        fstart = self.next_id(Funding)
        participants, funding = [], []
        for project in self.project_ids:
            funder, implementer, partner = self.rng.sample(self.organisation_ids, 3)
            for organisation, role in (
                (funder, OrganisationRole.FUNDING),
                (implementer, OrganisationRole.IMPLEMENTING),
                (partner, OrganisationRole.IMPLEMENTING),
            ):
                participants.append(
                    ParticipatingOrganisation(
                        pk=pstart + len(participants),
                        project_id=project,
                        organisation_id=organisation,
                        role=role,
                        is_national_partner=organisation == partner,
                    )
                )
            funding.append(
                Funding(
                    pk=fstart + len(funding),
                    project_id=project,
                    funder_id=funder,
                    amount=self.rng.randint(100, 5000) * 1000,
                    currency="EUR",
                    committed_on=date(2020, 1, 1),
                )
            )
        written += self.insert(ParticipatingOrganisation, participants)
        written += self.insert(Funding, funding)
        self.m2m(
            Project._meta.get_field("countries"), ((pk, self.libya.pk) for pk in self.project_ids)
        )
        return written

    def events(self) -> int:
        from shabaka.events.models import Event, EventFormat, EventStatus, EventType

        total = self.count("events", 5)
        start = self.next_id(Event)
        self.event_ids = list(range(start, start + total))
        self.event_days: dict[int, date] = {}
        types = [t for t, _label in EventType.choices]
        formats = [f for f, _label in EventFormat.choices]

        def rows():
            for n, pk in enumerate(self.event_ids):
                language = self.lang()
                # 2015 to 2026: ten years of history and a year ahead.
                starts = datetime(2015, 1, 1, 8, tzinfo=UTC) + timedelta(
                    days=self.rng.randrange(12 * 365), hours=self.rng.randrange(4)
                )
                ends = starts + timedelta(days=self.rng.randrange(3), hours=8)
                self.event_days[pk] = starts.date()
                yield Event(
                    pk=pk,
                    title=self.title(language, n),
                    slug=f"{self.prefix}event-{n}",
                    description=self.text(language, 4),
                    type=self.rng.choice(types),
                    format=self.rng.choice(formats),
                    place_id=self.rng.choice(self.places),
                    venue="",
                    starts_at=starts,
                    ends_at=ends,
                    time_zone="Africa/Tripoli",
                    # Tripoli is UTC+2 all year: these are the local calendar days.
                    start_date=(starts + timedelta(hours=2)).date(),
                    end_date=(ends + timedelta(hours=2)).date(),
                    project_id=self.rng.choice(self.project_ids) if n % 3 else None,
                    languages=language,
                    status=EventStatus.HELD if starts < self.now else EventStatus.PLANNED,
                    visibility=Visibility.PUBLIC if n % 10 else Visibility.MEMBERS,
                    created_at=self.now,
                    updated_at=self.now,
                )

        written = self.insert(Event, rows())
        self.m2m(
            Event._meta.get_field("networks"),
            ((pk, self.rng.choice(self.network_ids)) for pk in self.event_ids),
        )
        self.event_organiser = {pk: self.rng.choice(self.organisation_ids) for pk in self.event_ids}
        self.m2m(Event._meta.get_field("organisers"), self.event_organiser.items())
        return written

    def participations(self) -> int:
        from shabaka.events.models import Participation, ParticipationRole

        total = self.count("participations", 50)
        per_event = max(1, min(len(self.person_ids), total // len(self.event_ids)))
        start = self.next_id(Participation)
        roles = [ParticipationRole.PARTICIPANT] * 8 + [
            ParticipationRole.SPEAKER,
            ParticipationRole.FACILITATOR,
        ]

        def rows():
            n = 0
            for event in self.event_ids:
                for person in self.rng.sample(self.person_ids, per_event):
                    yield Participation(
                        pk=start + n,
                        event_id=event,
                        person_id=person,
                        role=self.rng.choice(roles),
                        organisation_id=self.person_org[person],
                        created_at=self.now,
                    )
                    n += 1

        return self.insert(
            Participation, rows(), label="participations", total=per_event * len(self.event_ids)
        )

    @property
    def bench_network(self) -> int:
        """The network the signed-in users belong to: a public one (the first is members-only)."""
        return self.network_ids[1] if len(self.network_ids) > 1 else self.network_ids[0]

    def invitations(self) -> int:
        """One event in ten invites two or three networks, each with a few seats and nominations
        in every status. The first event ahead (the coordinator's console event) invites the
        benchmark network and is organised by its coordinating organisation too."""
        from shabaka.events.models import Event, Invitation, Nomination, NominationStatus

        network = self.bench_network
        coordinating = self.members[network][1]  # the member given the coordinator role
        ahead = [pk for pk in self.event_ids if self.event_days[pk] >= self.now.date()]
        self.console_event = (ahead or self.event_ids)[0]
        if self.event_organiser[self.console_event] != coordinating:
            self.m2m(Event._meta.get_field("organisers"), [(self.console_event, coordinating)])
        invited_events = sorted({*self.event_ids[::10], self.console_event})
        statuses = [NominationStatus.PROPOSED, NominationStatus.NOMINATED] * 2 + [
            NominationStatus.CONFIRMED,
            NominationStatus.DECLINED,
            NominationStatus.WITHDRAWN,
        ]
        invitation_start, nomination_start = self.next_id(Invitation), self.next_id(Nomination)
        invitations, nominations = [], []
        for event in invited_events:
            networks = self.rng.sample(self.network_ids, min(3, len(self.network_ids)))
            if event == self.console_event and network not in networks:
                networks[0] = network
            invited_at = datetime.combine(self.event_days[event], datetime.min.time(), UTC)
            invited_at -= timedelta(days=60)
            per_network = self.rng.randint(3, 6)
            people = iter(
                self.rng.sample(
                    self.person_ids, min(len(self.person_ids), per_network * len(networks))
                )
            )
            for body in networks:
                invitation = Invitation(
                    pk=invitation_start + len(invitations),
                    event_id=event,
                    network_id=body,
                    seats=per_network,  # never fewer than the seats held
                    invited_at=invited_at,
                )
                invitations.append(invitation)
                for person in itertools.islice(people, per_network):
                    status = self.rng.choice(statuses)
                    nominated = status != NominationStatus.PROPOSED
                    decided = status in (NominationStatus.CONFIRMED, NominationStatus.DECLINED)
                    nominations.append(
                        Nomination(
                            pk=nomination_start + len(nominations),
                            invitation_id=invitation.pk,
                            event_id=event,
                            person_id=person,
                            status=status,
                            proposed_at=invited_at + timedelta(days=5),
                            nominated_at=invited_at + timedelta(days=10) if nominated else None,
                            decided_at=invited_at + timedelta(days=15) if decided else None,
                            withdrawn_at=(
                                invited_at + timedelta(days=20)
                                if status == NominationStatus.WITHDRAWN
                                else None
                            ),
                        )
                    )
        written = self.insert(Invitation, invitations)
        return written + self.insert(Nomination, nominations)

    def users(self) -> int:
        """The signed-in users of the benchmark (shabaka.benchmarks.users), through the ORM:
        three rows, with a hashed password."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from shabaka.accounts.models import Role, RoleAssignment, User
        from shabaka.benchmarks import users
        from shabaka.directory.models import Organisation
        from shabaka.networks.models import Network

        network = self.bench_network
        coordinating, member = self.members[network][1], self.members[network][2]
        network_type = ContentType.objects.get_for_model(Network)
        organisation_type = ContentType.objects.get_for_model(Organisation)
        grants = {
            "coordinator": [
                (Role.COORDINATOR, network_type.pk, network),
                (Role.ORG_EDITOR, organisation_type.pk, coordinating),
            ],
            "member": [(Role.ORG_EDITOR, organisation_type.pk, member)],
            "staff": [(Role.STAFF, None, None)],
        }
        written = 0
        for role, roles in grants.items():
            user = User.objects.create_user(
                users.email(role, self.prefix),
                users.PASSWORD,
                full_name=f"Benchmark {role}",
            )
            for name, scope_type, scope_id in roles:
                RoleAssignment.objects.create(
                    user=user, role=name, scope_type_id=scope_type, scope_id=scope_id
                )
            # Every role that sees personal data confirms its sign-in with a code when DEBUG is
            # off (OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES): the coordinator as well as staff.
            if role in ("staff", "coordinator"):
                TOTPDevice.objects.create(
                    user=user, name="Benchmark authenticator", key=users.TOTP_KEY, confirmed=True
                )
            written += 1
        return written

    def documents(self) -> int:
        from shabaka.content.models import Document
        from shabaka.events.models import Event

        total = self.count("documents", 10)
        start = self.next_id(Document)
        self.document_ids = list(range(start, start + total))
        event_type = ContentType.objects.get_for_model(Event)
        visibilities = [Visibility.PUBLIC] * 6 + [Visibility.MEMBERS] * 3 + [Visibility.STAFF]

        def rows():
            for n, pk in enumerate(self.document_ids):
                language = self.lang()
                yield Document(
                    pk=pk,
                    public_id=uuid.UUID(int=self.rng.getrandbits(128)),
                    series=uuid.UUID(int=self.rng.getrandbits(128)),
                    title=self.title(language, n),
                    description=self.text(language, 2),
                    language=language,
                    visibility=self.rng.choice(visibilities),
                    network_id=self.rng.choice(self.network_ids) if n % 2 else None,
                    link=f"https://documents.bench.shabaka.invalid/{n}.pdf",
                    owner_type_id=event_type.pk,
                    owner_id=self.rng.choice(self.event_ids),
                    uploaded_at=self.now - timedelta(minutes=n),
                )

        return self.insert(Document, rows(), label="documents", total=total)

    def news(self) -> int:
        from shabaka.content.models import NewsItem, NewsStatus

        total = self.count("news", 10)
        start = self.next_id(NewsItem)
        ids = list(range(start, start + total))

        def rows():
            for n, pk in enumerate(ids):
                language = self.lang()
                body = "\n\n".join(self.text(language, 3) for _ in range(3))
                published = n % 20 != 0
                yield NewsItem(
                    pk=pk,
                    title=self.title(language, n),
                    slug=f"{self.prefix}news-{n}",
                    summary=self.text(language, 1),
                    body=body,
                    body_html="".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n")),
                    language=language,
                    translation_group=uuid.UUID(int=self.rng.getrandbits(128)),
                    status=NewsStatus.PUBLISHED if published else NewsStatus.DRAFT,
                    published_at=self.now - timedelta(hours=n) if published else None,
                    created_at=self.now,
                    updated_at=self.now,
                )

        written = self.insert(NewsItem, rows(), label="news", total=total)
        self.m2m(
            NewsItem._meta.get_field("networks"),
            ((pk, self.rng.choice(self.network_ids)) for pk in ids[::2]),
        )
        self.m2m(
            NewsItem._meta.get_field("projects"),
            ((pk, self.rng.choice(self.project_ids)) for pk in ids[1::2]),
        )
        return written

    def plans(self) -> int:
        from shabaka.plans.models import (
            ActionPlan,
            Activity,
            ActivityStatus,
            Indicator,
            IndicatorUnit,
            Objective,
            PlanStatus,
            ProgressStatus,
            ProgressUpdate,
        )

        activities_total = self.count("activities", 20)
        updates_total = self.count("progress_updates", 20)
        per_plan = max(5, activities_total // len(self.network_ids))
        objectives_per_plan = 5
        plan_start, objective_start = self.next_id(ActionPlan), self.next_id(Objective)
        activity_start, indicator_start = self.next_id(Activity), self.next_id(Indicator)
        plans, objectives, activities = [], [], []
        for network in self.network_ids:
            plan_id = plan_start + len(plans)
            language = self.lang()
            plans.append(
                ActionPlan(
                    pk=plan_id,
                    network_id=network,
                    title=f"{WORDS[language]['event'][0]} {WORDS[language]['subjects'][0]}",
                    summary=self.text(language, 2),
                    period_start=date(2021, 1, 1),
                    period_end=date(2025, 12, 31),
                    status=PlanStatus.ADOPTED,
                    visibility=Visibility.PUBLIC,
                    adopted_on=date(2021, 1, 28),
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
            plan_objectives = []
            for o in range(objectives_per_plan):
                objective = Objective(
                    pk=objective_start + len(objectives),
                    plan_id=plan_id,
                    code=str(o + 1),
                    title=self.title(language, o),
                    order=o,
                )
                objectives.append(objective)
                plan_objectives.append(objective.pk)
            for a in range(per_plan):
                begin = self.date_between(date(2021, 1, 1), date(2025, 6, 1))
                activities.append(
                    Activity(
                        pk=activity_start + len(activities),
                        plan_id=plan_id,
                        objective_id=plan_objectives[a % objectives_per_plan],
                        code=f"{a % objectives_per_plan + 1}.{a // objectives_per_plan + 1}",
                        title=self.title(language, a),
                        description=self.text(language, 2),
                        lead_id=self.rng.choice(self.members[network]),
                        planned_start=begin,
                        planned_end=begin + timedelta(days=self.rng.randint(1, 180)),
                        status=self.rng.choice(
                            [ActivityStatus.PLANNED, ActivityStatus.ONGOING, ActivityStatus.DONE]
                        ),
                        project_id=self.rng.choice(self.project_ids) if a % 4 == 0 else None,
                        order=a,
                        created_at=self.now,
                        updated_at=self.now,
                    )
                )
        written = self.insert(ActionPlan, plans)
        written += self.insert(Objective, objectives)
        written += self.insert(Activity, activities, label="activities", total=len(activities))
        # One indicator for every fifth activity, five progress updates each.
        activity_type = ContentType.objects.get_for_model(Activity)
        measured = [a.pk for a in activities[::5]]
        updates_each = max(1, updates_total // max(1, len(measured)))
        indicators = [
            Indicator(
                pk=indicator_start + i,
                owner_type_id=activity_type.pk,
                owner_id=activity,
                title=f"Participants trained ({i})",
                unit=IndicatorUnit.NUMBER,
                baseline=0,
                target=100,
                created_at=self.now,
                updated_at=self.now,
            )
            for i, activity in enumerate(measured)
        ]
        written += self.insert(Indicator, indicators)
        update_start = self.next_id(ProgressUpdate)

        def updates():
            n = 0
            for indicator in indicators:
                for q in range(updates_each):
                    first = date(2021 + q // 4, 3 * (q % 4) + 1, 1)
                    yield ProgressUpdate(
                        pk=update_start + n,
                        indicator_id=indicator.pk,
                        period_start=first,
                        period_end=first + timedelta(days=80),
                        value=self.rng.randint(0, 100),
                        narrative=self.text(self.lang(), 1),
                        status=ProgressStatus.VALIDATED,
                        submitted_at=self.now,
                        updated_at=self.now,
                    )
                    n += 1

        written += self.insert(
            ProgressUpdate, updates(), label="progress", total=updates_each * len(indicators)
        )
        return written

    def search_index(self) -> int:
        """Search entries built with the registry's own title/body/url functions, in bulk."""
        from shabaka.search.analysis import index_text
        from shabaka.search.models import SearchDocument
        from shabaka.search.registry import installed_entries
        from shabaka.search.services import MAX_BODY

        start = self.next_id(SearchDocument)
        written = 0
        for entry in installed_entries():
            model = entry.model
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
            done = set(
                SearchDocument.objects.filter(content_type=content_type).values_list(
                    "object_id", flat=True
                )
            )

            def rows(entry=entry, model=model, content_type=content_type, done=done):
                nonlocal start
                for obj in model.objects.order_by("pk").iterator(chunk_size=2000):
                    if obj.pk in done or not entry.indexable(obj):
                        continue
                    title = entry.title(obj)[:500]
                    body = entry.body(obj) or ""
                    yield SearchDocument(
                        pk=start,
                        content_type_id=content_type.pk,
                        object_id=obj.pk,
                        kind=entry.kind,
                        language=entry.language(obj) or "",
                        title=title,
                        body=body[:MAX_BODY],
                        url=entry.url(obj)[:500],
                        index_title=index_text(title),
                        index_body=index_text(body),
                        updated_at=self.now,
                    )
                    start += 1

            written += self.insert(SearchDocument, rows())
        # PostgreSQL computes search_vector itself (a generated column); on SQLite the FTS5
        # table is filled by its insert trigger: merge its segments once.
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        return written

    def reset_sequences(self) -> None:
        """PostgreSQL's identity sequences do not move when ids are given: move them."""
        if connection.vendor != "postgresql":
            return
        from django.apps import apps
        from django.core.management.color import no_style

        statements = connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        )
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def generate(*, scale: float, stdout=None, prefix: str = "bench-") -> dict[str, float]:
    if scale <= 0:
        raise ValueError("scale must be positive")
    return Generator(scale=scale, stdout=stdout, prefix=prefix).run()
