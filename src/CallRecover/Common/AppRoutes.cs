namespace CallRecover.Common;

/// <summary>
/// The route groups a capability maps its endpoints onto (eShop's <c>MapGroup</c> shape): the host builds them once,
/// with their guards, and each capability's <c>MapX(routes)</c> adds its own routes.
/// </summary>
/// <param name="App">The application, for routes of their own (carrier webhooks, public links).</param>
/// <param name="Operator">/api/admin, behind the operator's bearer key.</param>
/// <param name="OperatorBusiness">/api/admin/businesses/{businessId}: 404 for an unknown business before any handler runs.</param>
/// <param name="Dashboard">/api/dashboard, for a signed-in office user; the business comes from the sign-in cookie only.</param>
public sealed record AppRoutes(WebApplication App, RouteGroupBuilder Operator, RouteGroupBuilder OperatorBusiness, RouteGroupBuilder Dashboard);
