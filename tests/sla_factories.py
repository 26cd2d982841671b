"""factory_boy factories for the SLA: a financial year's catalogue, its services and packages, and orders.

`make_catalogue()` builds a small published catalogue anyone's test can order from; `make_order()` an order
in any status, with accepted terms where the status needs them.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from hub import calendar
from hub.models import FinancialYear
from schools.models import Catalogue, Delivery, Package, PackageItem, Service, Subscription, SubscriptionLine
from tests.factories import SchoolFactory, UserFactory

TERMS = (
    "1. The hub delivers the services ordered between 1 April and 31 March.\n\n"
    "2. The school pays each invoice within 30 days.\n\n"
    "3. Sessions the school cancels with less than 48 hours' notice are charged."
)


def financial_year_for(day: datetime.date) -> FinancialYear:
    """The financial year (1 April to 31 March) that a day falls in, made if needed."""
    start = calendar.financial_start_year(day)
    starts_on, ends_on = calendar.financial_year_dates(start)
    year, _ = FinancialYear.objects.get_or_create(
        name=calendar.financial_year_name(start), defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return year


def current_financial_year() -> FinancialYear:
    return financial_year_for(timezone.localdate())


class CatalogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Catalogue
        django_get_or_create = ["financial_year"]

    financial_year = factory.LazyFunction(current_financial_year)
    terms = TERMS
    order_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    published_at = factory.LazyFunction(timezone.now)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    catalogue = factory.SubFactory(CatalogueFactory)
    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    unit = Service.Unit.HOUR
    unit_price = Decimal("42.00")
    vat_rate = Decimal("0.00")


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package

    catalogue = factory.SubFactory(CatalogueFactory)
    code = factory.Sequence(lambda n: f"package-{n}")
    name = factory.Sequence(lambda n: f"Package {n}")
    price = Decimal("1500.00")


class PackageItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackageItem

    package = factory.SubFactory(PackageFactory)
    service = factory.SubFactory(ServiceFactory, catalogue=factory.SelfAttribute("..package.catalogue"))
    quantity = Decimal("10")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    school = factory.SubFactory(SchoolFactory)
    catalogue = factory.SubFactory(CatalogueFactory)
    package = None
    package_price = factory.LazyAttribute(lambda o: o.package.price if o.package else Decimal("0.00"))
    package_vat_rate = factory.LazyAttribute(lambda o: o.package.vat_rate if o.package else Decimal("0.00"))
    instalments = Subscription.Instalments.TERMLY
    status = Subscription.Status.DRAFT
    accepted_by_name = factory.LazyAttribute(
        lambda o: "" if o.status in ("draft", "returned") else "Jo Bursar"
    )
    accepted_at = factory.LazyAttribute(
        lambda o: None if o.status in ("draft", "returned") else timezone.now()
    )
    submitted_at = factory.SelfAttribute("accepted_at")
    decided_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == "approved" else None)


class SubscriptionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubscriptionLine

    subscription = factory.SubFactory(SubscriptionFactory)
    service = factory.SubFactory(ServiceFactory, catalogue=factory.SelfAttribute("..subscription.catalogue"))
    quantity = Decimal("5")
    unit_price = factory.SelfAttribute("service.unit_price")
    vat_rate = factory.SelfAttribute("service.vat_rate")


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    subscription = factory.SubFactory(SubscriptionFactory, status=Subscription.Status.APPROVED)
    service = factory.SubFactory(ServiceFactory, catalogue=factory.SelfAttribute("..subscription.catalogue"))
    delivered_on = factory.LazyFunction(timezone.localdate)
    quantity = Decimal("1")
    delivered_by = factory.SubFactory(UserFactory)


class StandardCatalogue:
    """A small catalogue: instrumental teaching (hour), whole-class ensemble teaching (class teaching, 20% VAT
    on nothing; VAT is on CPD), CPD (session, 20% VAT) and a Silver package."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.teaching = ServiceFactory(
            catalogue=catalogue,
            code="instrumental",
            name="Instrumental teaching",
            unit_price=Decimal("43.50"),
        )
        self.wcet = ServiceFactory(
            catalogue=catalogue,
            code="wcet",
            name="Whole-class ensemble teaching",
            unit=Service.Unit.CLASS,
            unit_price=Decimal("395.00"),
            is_class_teaching=True,
        )
        self.cpd = ServiceFactory(
            catalogue=catalogue,
            code="cpd",
            name="CPD session",
            unit=Service.Unit.SESSION,
            unit_price=Decimal("180.00"),
            vat_rate=Decimal("20.00"),
        )
        self.silver = PackageFactory(
            catalogue=catalogue,
            code="silver",
            name="Silver",
            price=Decimal("2450.00"),
            vat_rate=Decimal("0.00"),
        )
        PackageItemFactory(package=self.silver, service=self.teaching, quantity=Decimal("40"))
        PackageItemFactory(package=self.silver, service=self.wcet, quantity=Decimal("1"))


def make_catalogue(
    *, year: FinancialYear | None = None, published: bool = True, **fields
) -> StandardCatalogue:
    catalogue = CatalogueFactory(
        financial_year=year or current_financial_year(),
        published_at=timezone.now() if published else None,
        **fields,
    )
    return StandardCatalogue(catalogue)


def make_order(
    *, school, standard: StandardCatalogue, status: str = "draft", package=True, lines=(), **fields
) -> Subscription:
    """An order for the school: the Silver package (unless package=False) and (service, quantity) lines."""
    package = standard.silver if package is True else package or None
    subscription = SubscriptionFactory(
        school=school, catalogue=standard.catalogue, package=package, status=status, **fields
    )
    for service, quantity in lines:
        SubscriptionLineFactory(subscription=subscription, service=service, quantity=Decimal(quantity))
    return subscription
