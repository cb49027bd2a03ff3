using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Estimates;

/// <summary>Stores a quote through the real QuoteStore (what extraction does), with lines priced like the engine's.</summary>
public static class QuoteSeed
{
    public static async Task<Quote> QuoteAsync(AppFactory app, string businessId, string leadId, DateTimeOffset at, string status = QuoteStatuses.Draft,
        string? customerId = null)
    {
        IReadOnlyList<QuoteItem> items =
        [
            new() { Id = Ids.New(), Position = 0, Kind = QuoteItemKinds.Labor, Repair = "Brake pads", Description = "Brake pads labor", Hours = 2, Qty = 2, UnitPrice = 100, Amount = 200 },
            new() { Id = Ids.New(), Position = 1, Kind = QuoteItemKinds.Part, Repair = "Brake pads", Description = "Brake pads parts", Qty = 1, UnitPrice = 50, Amount = 50 },
        ];
        var quote = new Quote
        {
            Id = Ids.New(), BusinessId = businessId, LeadId = leadId, CustomerId = customerId, Status = status, LaborTotal = 200, PartsTotal = 50, Total = 250,
            SentAt = status == QuoteStatuses.Draft ? null : at, ExpiresAt = at + QuoteService.Validity, CreatedAt = at, UpdatedAt = at,
        };
        await app.Service<Db>().WriteAsync(async tx =>
        {
            await app.Service<QuoteStore>().InsertAsync(tx, quote);
            await app.Service<QuoteStore>().ReplaceItemsAsync(tx, businessId, quote.Id, items);
        });
        return quote;
    }
}
