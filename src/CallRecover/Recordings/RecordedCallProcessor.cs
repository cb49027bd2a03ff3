using System.Text.RegularExpressions;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Extraction;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tenancy;
using CallRecover.Common;
using CallRecover.Conversations.Engines;

namespace CallRecover.Recordings;

/// <summary>What processing one transcript produced (for tests and the benchmark).</summary>
public sealed record ProcessOutcome(string? LeadId, string? ExtractionId, string? QuoteId, string? MessageId, bool Flagged, string Summary);

/// <summary>
/// The last step for a recorded call or voicemail: extract the fields from the transcript, create or update the
/// lead, customer and vehicle, price the repairs from the business's catalog and text the quote (with "Reply YES").
/// A voicemail to a business without price quotes gets a text that shows we heard it ("Got your message about…")
/// and asks only for what the voicemail did not say. Silent or low-confidence transcripts are not guessed from:
/// the lead is kept (phone only) and the owner is asked to listen. Runs once per transcript (the extraction is unique per source).
/// </summary>
public sealed partial class RecordedCallProcessor(
    Db db, BusinessStore businesses, RecordingStore recordings, ITranscriptExtractor extractor, LeadCapture capture, LeadStore leads,
    ConversationStore conversations, ServiceCatalogStore catalogs, LaborGuideStore guides, QuoteService quotes, SmsSender sms, Notifier notifier, TimeProvider clock,
    PartsPricing partsPricing, OptOuts optOuts, ILogger<RecordedCallProcessor> log) : IWorkHandler
{
    public string Kind => RecordingWork.Process;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<RecordingWork.Payload>();
        var outcome = await ProcessAsync(p.BusinessId, p.RecordingId, ct);
        log.LogInformation("Recording {RecordingId} processed: {Summary}", p.RecordingId, outcome.Summary);
    }

    public async Task<ProcessOutcome> ProcessAsync(string businessId, string recordingId, CancellationToken ct)
    {
        var business = await businesses.GetAsync(businessId, ct) ?? throw new PermanentWorkFailure("Business not found.");
        var recording = await recordings.GetAsync(businessId, recordingId, ct) ?? throw new PermanentWorkFailure("Recording not found.");
        var transcription = await recordings.TranscriptionForAsync(businessId, recordingId, ct) ?? throw new PermanentWorkFailure("Transcription not found.");
        if (transcription.Status != TranscriptionStatuses.Done) throw new PermanentWorkFailure($"Transcription is {transcription.Status}.");

        // The owner's own phone or the business line left it (a test call): no lead, customer or quote is made of the owner.
        if (business.IsOwnLine(Common.Phone.CallerIdOrNull(recording.CallerPhone)))
            return new ProcessOutcome(null, null, null, null, false, "left from the business's own line: no lead");
        var now = clock.GetUtcNow();
        var heard = transcription.Quality == TranscriptQualities.Ok && !string.IsNullOrWhiteSpace(transcription.Text);
        var context = new ExtractionContext(recording.CallerPhone, business.LocalTime(now).Year, business.Name, business.Vertical)
        {
            Services = business.Services, Now = now,
        };
        var result = heard
            ? await extractor.ExtractAsync(transcription.Text!, context, ct)
            : new ExtractionResult { Engine = "none", Fields = Common.Phone.CallerIdOrNull(recording.CallerPhone) is { } id
                ? new() { [FieldNames.Phone] = new ExtractedField(id, 0.6) } : [] };
        var reasons = heard ? new List<string>() : [$"transcript {transcription.Quality ?? "missing"}: listen to the recording"];
        var leadSource = recording.Kind == RecordingKinds.Voicemail ? LeadSources.Voicemail : LeadSources.AnsweredCall;
        var what = recording.Kind == RecordingKinds.Voicemail ? "voicemail" : "recorded call";

        // The business's own name for what the caller needs ("Heating repair") and the need in a few words, read the way
        // the SMS engine reads a text (whichever extractor ran).
        var understood = heard ? RuleExtractor.Understand(transcription.Text!, context) : null;
        var catalogService = understood?.Fields.GetValueOrDefault(LeadFields.Service)?.Value;
        // Parts prices are asked before the write transaction opens: a provider may take seconds.
        var vehicle = VinDecoder.Fill(new VehicleInfo(result.VehicleYear, result.Value(FieldNames.VehicleMake), result.Value(FieldNames.VehicleModel), result.Value(FieldNames.VehicleBody),
            Vin: result.Value(FieldNames.Vin), Engine: result.Value(FieldNames.VehicleEngine)));
        var partPrices = heard && business.EstimatesEnabled ? await partsPricing.PriceAsync(business, transcription.Text!, vehicle, ct) : null;

        return await db.WriteAsync(async tx =>
        {
            var captured = await capture.CaptureAsync(tx, businessId, recording.CallerPhone, result,
                new CaptureSource("transcription", transcription.Id, leadSource, recording.CallId, recording.Id, reasons), "engine");
            if (captured is null)
            {
                await notifier.NotifyAsync(tx, businessId, new OwnerNotice("recording_needs_review", $"A {what} with no callback number",
                    $"A caller with a withheld number left a {what} and no number we could understand. Listen to it.", new { recordingId }));
                return new ProcessOutcome(null, null, null, null, true, "no callback number");
            }
            // Once per transcript: a re-run of this work item finds its extraction and does nothing more. A returning
            // caller's new voicemail is new work (its own transcript), whatever their lead already holds.
            if (!captured.IsNew) return new ProcessOutcome(captured.Lead.Id, captured.Extraction.Id, null, null, captured.Extraction.NeedsReview, "already processed");
            var lead = captured.Lead;
            if (catalogService is not null && ShouldTakeService(lead, catalogService))
            {
                var confidence = lead.Confidence;
                confidence["serviceNeeded"] = ServiceConfidence;
                await leads.UpdateColumnsAsync(tx, businessId, lead.Id, new Dictionary<string, object?> { ["service_needed"] = catalogService }, Json.Serialize(confidence));
                lead = lead with { ServiceNeeded = catalogService };
            }
            if (!heard)
            {
                await notifier.NotifyAsync(tx, businessId, new OwnerNotice("recording_needs_review", $"Listen to a {what}",
                    $"The {what} from {Phone.Display(lead.Phone)} is {(transcription.Quality == TranscriptQualities.Silent ? "silent" : "hard to understand")}; we did not guess what was said.",
                    new { recordingId, leadId = lead.Id, callId = recording.CallId }));
                return new ProcessOutcome(lead.Id, captured.Extraction.Id, null, null, true, $"flagged: {transcription.Quality}");
            }
            if (result.Value(FieldNames.Urgency) == Urgencies.Emergency)
                await notifier.NotifyAsync(tx, businessId, new OwnerNotice("emergency", $"Emergency {what}",
                    $"{lead.Name ?? Phone.Display(lead.Phone)}: {result.Value(FieldNames.Problem) ?? transcription.Text}", new { leadId = lead.Id, recordingId }, Urgent: true));
            // "Please stop calling and texting me, take me off your list": asked by voice, the opt-out holds like a STOP
            // (consent is revoked by any reasonable means). Nothing is texted, not even a quote; the owner is told (an
            // emergency in the same message was alerted above: "don't text me, call me, the basement is flooding").
            if (understood?.OptOut == true)
            {
                await optOuts.OptOutAsync(tx, businessId, lead.Phone, $"{what}: asked not to be contacted", "caller");
                await notifier.NotifyAsync(tx, businessId, new OwnerNotice("opted_out", $"{lead.Name ?? Phone.Display(lead.Phone)} asked not to be contacted",
                    $"{lead.Name ?? Phone.Display(lead.Phone)} asked in a {what} not to be contacted. We will not text them; listen to it before calling back.",
                    new { leadId = lead.Id, recordingId }));
                return new ProcessOutcome(lead.Id, captured.Extraction.Id, null, null, false, "opted out by voice");
            }

            if (business.EstimatesEnabled)
            {
                var catalog = await catalogs.GetAsync(tx, businessId, business.Vertical);
                var estimate = EstimateEngine.Run(transcription.Text!, catalog, business.LaborRate, vehicle, business.LocalTime(now).Year, partPrices, await guides.ListAsync(tx, businessId));
                var quote = await quotes.CreateAsync(tx, business, lead, estimate,
                    new QuoteOrigin(captured.Customer.Id, captured.Vehicle?.Id, captured.Extraction.Id, recording.CallId), "engine");
                if (!estimate.Priced)
                {
                    await notifier.NotifyAsync(tx, businessId, new OwnerNotice("quote_needed", "A caller needs a quote",
                        $"We could not price the {what} from {lead.Name ?? Phone.Display(lead.Phone)}: {result.Value(FieldNames.Problem) ?? "no repair recognized"}.",
                        new { leadId = lead.Id, quoteId = quote.Quote.Id, recordingId }));
                    return new ProcessOutcome(lead.Id, captured.Extraction.Id, quote.Quote.Id, null, true, "quote needs a person");
                }
                await leads.SetEstimateAsync(tx, businessId, lead.Id, estimate.Total, string.Join(", ", estimate.Repairs.Select(r => r.Name)));
                var intro = recording.Kind == RecordingKinds.Voicemail
                    ? $"{Greeting(lead)}, this is {business.Name} — got your message{About(understood, estimate)}."
                    : $"{Greeting(lead)}, thanks for calling {business.Name}.";
                var sent = await quotes.SendAsync(tx, business, lead, quote.Quote.Id, intro, "engine");
                if (!sent.Queued) await TellOwnerNotTextedAsync(tx, business, lead, what, sent, $"a quote for {EstimateEngine.Money(estimate.Total)} is ready to send", new { quoteId = quote.Quote.Id, recordingId });
                return new ProcessOutcome(lead.Id, captured.Extraction.Id, quote.Quote.Id, sent.Queued ? sent.Message.Id : null, !sent.Queued,
                    sent.Queued ? $"quote {estimate.Total} sent" : $"quote not sent: {sent.BlockedReason}");
            }

            if (recording.Kind != RecordingKinds.Voicemail) return new ProcessOutcome(lead.Id, captured.Extraction.Id, null, null, false, "lead updated");
            var conversationId = (await conversations.OpenAsync(tx, businessId, lead.Id, recording.CallId, lead.Phone)).Id;
            // An emergency gets the urgent answer (PRODUCT.md), not the next qualification question.
            var reply = result.Value(FieldNames.Urgency) == Urgencies.Emergency
                ? $"{Greeting(lead)}, this is {business.Name} — got your message{About(understood, null)}. {BuiltInEngine.UrgentAck(business, now)}"
                : $"{Greeting(lead)}, this is {business.Name} — got your message{About(understood, null)}. {NextQuestion(lead)}";
            var message = await sms.QueueAsync(tx, new OutboundSms(businessId, lead.Phone, reply, Senders.Ai, SmsPurposes.Reply, conversationId));
            if (!message.Queued) await TellOwnerNotTextedAsync(tx, business, lead, what, message, "we did not answer it", new { recordingId, conversationId });
            return new ProcessOutcome(lead.Id, captured.Extraction.Id, null, message.Queued ? message.Message.Id : null, !message.Queued,
                message.Queued ? "voicemail acknowledged" : $"reply not sent: {message.BlockedReason}");
        }, ct);
    }

    /// <summary>A catalog service read with this confidence replaces a problem sentence taken from an earlier call (0.72) but not a correction (1.0).</summary>
    private const double ServiceConfidence = 0.8;

    private static bool ShouldTakeService(Lead lead, string service) =>
        lead.ServiceNeeded is null || (lead.ServiceNeeded != service && (lead.Confidence.TryGetValue("serviceNeeded", out var c) ? c : 0.5) < ServiceConfidence);

    /// <summary>
    /// The texting policy kept our answer to a voicemail from the caller (most often: a person has taken over their
    /// conversation, so automated texts stop): the owner is told what arrived and why nothing was texted.
    /// </summary>
    private async Task TellOwnerNotTextedAsync(DbTx tx, Business business, Lead lead, string what, SendResult sent, string whatWaits, object data) =>
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("not_texted", $"New {what} from {lead.Name ?? Phone.Display(lead.Phone)}: not texted",
            $"{lead.Name ?? Phone.Display(lead.Phone)} left a {what}; {whatWaits}, but nothing was texted: {TextReasons.Describe(sent.BlockedReason)}.", data));

    private static string Greeting(Lead lead) =>
        lead.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first ? $"Hi {first}" : "Hi";

    /// <summary>The question a voicemail did not answer, in the engine's qualification order (name → address → time).</summary>
    public static string NextQuestion(Lead lead) =>
        lead.Name is null ? "Who are we speaking with?"
        : lead.Address is null ? "What's the address where you need the service?"
        : lead.PreferredTime is null ? "When would be a good time for us to come out?"
        : $"We'll confirm {lead.PreferredTime} shortly.";

    /// <summary>
    /// The need retold in a few words from the shared understanding (" about your AC not cooling"), else the repairs a
    /// quote prices (" about brake pads"); empty when neither says anything — never the transcript's first words.
    /// </summary>
    public static string About(Understanding? understood, Estimate? estimate)
    {
        if (understood?.Need is { } need) return " about " + need;
        if (estimate is { Repairs.Count: > 0 }) return " about " + string.Join(" and ", estimate.Repairs.Select(r => r.Name.ToLowerInvariant()));
        return "";
    }

}
