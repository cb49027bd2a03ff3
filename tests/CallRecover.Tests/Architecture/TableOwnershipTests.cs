using System.Text.RegularExpressions;

namespace CallRecover.Tests.Architecture;

/// <summary>
/// One owner per table: exactly one file of product code writes each table (INSERT / UPDATE / DELETE); everything else
/// calls that store. A write anywhere else, a table without an owner, or an owner that no longer exists fails here.
/// </summary>
public sealed partial class TableOwnershipTests
{
    /// <summary>Every table in the schema and the one file that may write it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Owners = new Dictionary<string, string>
    {
        ["schema_migrations"] = "Data/Migrator.cs",
        ["work_items"] = "Queue/WorkQueue.cs",
        ["queue_nodes"] = "Queue/WorkQueue.cs",
        ["scheduled_tasks"] = "Queue/ScheduledTaskStore.cs",
        ["businesses"] = "Tenancy/BusinessStore.cs",
        ["users"] = "Tenancy/UserStore.cs",
        ["audit_log"] = "Audit/AuditLog.cs",
        ["calls"] = "Telephony/CallStore.cs",
        ["call_events"] = "Telephony/CallStore.cs",
        ["telephony_settings"] = "Telephony/TelephonySettings.cs",
        ["webhook_receipts"] = "Telephony/CarrierWebhook.cs",
        ["sms_status_events"] = "Telephony/MessageStatusUpdater.cs",
        ["phone_numbers"] = "Telephony/PhoneNumberStore.cs",
        ["signup_settings"] = "Onboarding/SignupStore.cs",
        ["signup_invites"] = "Onboarding/SignupStore.cs",
        ["onboarding"] = "Onboarding/OnboardingStore.cs",
        ["leads"] = "Leads/LeadStore.cs",
        ["conversations"] = "Conversations/ConversationStore.cs",
        ["messages"] = "Conversations/ConversationStore.cs",
        ["conversation_turns"] = "Conversations/ConversationStore.cs",
        ["ai_incidents"] = "Conversations/Engines/AiIncidents.cs",
        ["opt_outs"] = "Compliance/OptOutStore.cs",
        ["do_not_text"] = "Compliance/DoNotTextStore.cs",
        ["notifications"] = "Notifications/NotificationStore.cs",
        ["emails"] = "Notifications/Email/EmailOutbox.cs",
        ["appointments"] = "Booking/AppointmentStore.cs",
        ["booking_offers"] = "Booking/BookingOfferStore.cs",
        ["booking_settings"] = "Booking/BookingSettings.cs",
        ["login_tokens"] = "Dashboard/Auth/MagicLinks.cs",
        ["sign_in_requests"] = "Dashboard/Auth/SignInRateLimiter.cs",
        ["data_protection_keys"] = "Dashboard/Auth/DbXmlRepository.cs",
        ["recordings"] = "Recordings/RecordingStore.cs",
        ["transcriptions"] = "Recordings/RecordingStore.cs",
        ["recording_settings"] = "Recordings/RecordingSettings.cs",
        ["customers"] = "Customers/CustomerStore.cs",
        ["vehicles"] = "Customers/CustomerStore.cs",
        ["customer_search"] = "Customers/CustomerStore.cs",
        ["customer_tags"] = "Customers/CustomerStore.cs",
        ["extractions"] = "Extraction/ExtractionStore.cs",
        ["extraction_corrections"] = "Extraction/ExtractionStore.cs",
        ["quotes"] = "Estimates/QuoteStore.cs",
        ["quote_items"] = "Estimates/QuoteStore.cs",
        ["quote_corrections"] = "Estimates/QuoteStore.cs",
        ["parts_price_list"] = "Estimates/PartsPricingStore.cs",
        ["parts_providers"] = "Estimates/PartsPricingStore.cs",
        ["parts_price_cache"] = "Estimates/PartsPricingStore.cs",
        ["service_catalog"] = "Estimates/ServiceCatalogStore.cs",
        ["service_catalog_meta"] = "Estimates/ServiceCatalogStore.cs",
        ["labor_guide"] = "Estimates/LaborGuideStore.cs",
        ["risk_hints"] = "Estimates/RiskHintStore.cs",
        ["jobs"] = "Jobs/JobStore.cs",
        ["job_settings"] = "Jobs/JobStore.cs",
        ["job_photos"] = "Jobs/JobPhotos.cs",
        ["technicians"] = "Jobs/TechnicianStore.cs",
        ["review_settings"] = "Reviews/ReviewStore.cs",
        ["review_requests"] = "Reviews/ReviewStore.cs",
        ["daily_metrics"] = "Reports/MetricsStore.cs",
        ["metrics_watermarks"] = "Reports/MetricsStore.cs",
        ["report_settings"] = "Reports/ReportSettingsStore.cs",
        ["web_requests"] = "Requests/WebRequestStore.cs",
        ["request_photos"] = "Requests/RequestPhotoStore.cs",
        ["parts_orders"] = "Jobs/PartsOrderStore.cs",
        ["parts_order_items"] = "Jobs/PartsOrderStore.cs",
        ["invoices"] = "Payments/InvoiceStore.cs",
        ["invoice_lines"] = "Payments/InvoiceStore.cs",
        ["payments"] = "Payments/PaymentStore.cs",
        ["payment_events"] = "Payments/PaymentStore.cs",
        ["portal_links"] = "Portal/PortalLinkStore.cs",
        ["quote_signatures"] = "Portal/PortalLinkStore.cs",
        ["api_tokens"] = "Api/ApiTokenStore.cs",
        ["webhook_subscriptions"] = "Webhooks/WebhookStore.cs",
        ["webhook_deliveries"] = "Webhooks/WebhookStore.cs",
        ["crm_connections"] = "Crm/CrmStore.cs",
        ["crm_links"] = "Crm/CrmStore.cs",
        ["crm_sync_log"] = "Crm/CrmStore.cs",
        ["retention_settings"] = "DataRights/Retention.cs",
        ["ended_sessions"] = "Dashboard/Auth/SessionStore.cs",
        ["calendar_sources"] = "CalendarSync/CalendarSyncStore.cs",
        ["calendar_busy"] = "CalendarSync/CalendarSyncStore.cs",
        ["calendar_feeds"] = "CalendarSync/CalendarSyncStore.cs",
        ["calendar_events"] = "CalendarSync/CalendarSyncStore.cs",
        ["voice_sessions"] = "Voice/VoiceStore.cs",
        ["voice_turns"] = "Voice/VoiceStore.cs",
        ["send_budgets"] = "Compliance/SendBudgetStore.cs",
        ["send_counters"] = "Compliance/SendBudgetStore.cs",
        ["contact_lists"] = "Campaigns/CampaignStore.cs",
        ["contacts"] = "Campaigns/CampaignStore.cs",
        ["campaigns"] = "Campaigns/CampaignStore.cs",
        ["campaign_recipients"] = "Campaigns/CampaignStore.cs",
        ["subscriptions"] = "Billing/SubscriptionStore.cs",
        ["subscription_events"] = "Billing/SubscriptionStore.cs",
        ["usage"] = "Billing/UsageStore.cs",
    };

    [Fact]
    public void EveryTableInTheSchema_HasExactlyOneOwner_ThatExists()
    {
        var tables = SchemaTables();
        tables.ShouldNotBeEmpty();
        tables.Except(Owners.Keys).ShouldBeEmpty("tables without an owner in TableOwnershipTests.Owners (and docs/ARCHITECTURE.md)");
        Owners.Keys.Except(tables).ShouldBeEmpty("owners listed for tables that no migration creates");
        var code = SourceTree.ProductCode();
        Owners.Values.Distinct().Where(f => !code.ContainsKey(f)).ShouldBeEmpty("owner files that do not exist");
    }

    [Fact]
    public void TheArchitectureDocument_ListsEachTablesOwner()
    {
        var doc = File.ReadAllText(Path.Combine(SourceTree.RepoRoot, "docs", "ARCHITECTURE.md"));
        Owners.Where(o => !doc.Contains($"| `{o.Key}` | `{o.Value}` |", StringComparison.Ordinal)).Select(o => $"| `{o.Key}` | `{o.Value}` |")
            .ShouldBeEmpty("docs/ARCHITECTURE.md's table of owners is missing these rows");
    }

    [Fact]
    public void EveryTable_IsWrittenOnlyByItsOwner()
    {
        var violations = Violations(SourceTree.ProductCode(), SchemaTables(), Owners);
        violations.ShouldBeEmpty("writes outside the table's owner: call the owning store instead");
    }

    [Fact]
    public void TheCheck_CatchesAWriteOutsideTheOwner()
    {
        // A copy of a real mistake this test was written against: the engine patching a message it had just sent.
        var code = new Dictionary<string, string>
        {
            ["Conversations/EngineStep.cs"] = """
                await tx.Connection.ExecuteAsync("UPDATE messages SET engine = @engine WHERE business_id = @businessId AND id = @id", args, tx.Transaction);
                // An update of the plan in a comment, a FOR UPDATE SKIP LOCKED and ON CONFLICT DO UPDATE SET are not writes.
                """,
            ["Conversations/ConversationStore.cs"] = "INSERT INTO messages (id) VALUES (@id); UPDATE conversations SET status = @s;",
        };
        var violations = Violations(code, ["messages", "conversations"], new Dictionary<string, string>
        {
            ["messages"] = "Conversations/ConversationStore.cs", ["conversations"] = "Conversations/ConversationStore.cs",
        });
        violations.ShouldBe(["Conversations/EngineStep.cs writes messages (owner: Conversations/ConversationStore.cs)"]);
    }

    /// <summary>Writes to known tables outside their owner, as "file writes table (owner: ...)".</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, string> code, IReadOnlyCollection<string> tables, IReadOnlyDictionary<string, string> owners)
    {
        var known = tables.ToHashSet(StringComparer.Ordinal);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (file, text) in code)
            foreach (Match m in Write().Matches(text))
            {
                var table = m.Groups["table"].Value;
                if (!known.Contains(table)) continue;
                var owner = owners.GetValueOrDefault(table);
                if (owner != file) found.Add($"{file} writes {table} (owner: {owner ?? "none"})");
            }
        return [.. found];
    }

    /// <summary>
    /// The tables the migrations leave behind (both dialects create the same ones; SQLite's are read, in order, so a
    /// table a migration copies to and drops again is not one), and the migrator's own bookkeeping table, which it
    /// creates before any migration runs.
    /// </summary>
    public static IReadOnlyCollection<string> SchemaTables()
    {
        var tables = new SortedSet<string>(StringComparer.Ordinal) { "schema_migrations" };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SourceTree.ProductRoot, "Data", "Migrations", "sqlite"), "*.sql").Order(StringComparer.Ordinal))
            foreach (Match m in CreateOrDropTable().Matches(File.ReadAllText(file)))
                if (m.Groups["drop"].Success) tables.Remove(m.Groups["table"].Value);
                else tables.Add(m.Groups["table"].Value);
        return tables;
    }

    // SQL keywords are written in upper case in this code base, table names in lower case: "update" in prose is not SQL.
    [GeneratedRegex(@"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?<table>[a-z_][a-z0-9_]*)\b")]
    private static partial Regex Write();

    [GeneratedRegex(@"(?i)\b(?:CREATE(?:\s+VIRTUAL)?|(?<drop>DROP))\s+TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?<table>[a-z_][a-z0-9_]*)")]
    private static partial Regex CreateOrDropTable();
}
