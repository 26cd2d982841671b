"""The back office shows invoices and payments read-only: issued documents change only by credit notes."""

from django.contrib import admin

from hub.billing.models import BillingAccount, Invoice, InvoiceLine, OnlinePayment, Payment


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvoiceLineInline(ReadOnlyMixin, admin.TabularInline):
    model = InvoiceLine
    fk_name = "invoice"
    fields = [
        "position",
        "description",
        "quantity",
        "unit_price",
        "vat_rate",
        "net",
        "vat",
        "gross",
        "source_key",
        "is_live",
    ]
    readonly_fields = fields
    extra = 0


class PaymentInline(ReadOnlyMixin, admin.TabularInline):
    model = Payment
    fields = ["amount", "received_on", "method", "reference", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "billed_name", "issue_date", "due_date", "total"]
    list_filter = ["kind", "series"]
    search_fields = ["billed_name", "account_reference", "number"]
    date_hierarchy = "issue_date"
    list_select_related = ["series"]
    inlines = [InvoiceLineInline, PaymentInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Invoice._meta.fields]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "invoice", "account", "method", "reference"]
    list_select_related = ["invoice__series", "account"]
    search_fields = ["reference", "account__name", "account__reference"]


@admin.register(BillingAccount)
class BillingAccountAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "reference", "kind", "email"]
    search_fields = ["name", "reference"]
    list_filter = ["kind"]


@admin.register(OnlinePayment)
class OnlinePaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Card payments through GOV.UK Pay, as its API last reported them; the note says what needs finance."""

    list_display = ["__str__", "state", "provider_id", "created_at", "failure"]
    list_filter = ["state"]
    list_select_related = ["invoice__series"]
    search_fields = ["provider_id", "invoice__account__reference", "invoice__billed_name"]
