# CallRecover container image: build with the .NET SDK, run on the ASP.NET runtime as a non-root user.
# Not exercised by CI (base images cannot be pulled there); what it relies on is tested: the published app,
# the settings in .env.example, /health/ready, the `health` verb, migrations at start. See README "Running it yourself".
#   docker build -t callrecover .
#   docker run -p 8080:8080 -v callrecover-data:/data callrecover

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props BannedSymbols.txt global.json* nuget.config* ./
COPY src/CallRecover/CallRecover.csproj src/CallRecover/
RUN dotnet restore src/CallRecover/CallRecover.csproj
COPY src/ src/
RUN dotnet publish src/CallRecover/CallRecover.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS run
WORKDIR /app
COPY --from=build /app ./
# Everything that must survive a new image lives under /data: the SQLite file (embedded default) and the recordings.
# Data Protection keys live in the database, encrypted with /data/callrecover-keys.secret (generated on first run) unless
# DataProtection__KeyEncryptionSecret is set. With PostgreSQL (which requires that setting), /data holds only the recordings.
RUN mkdir -p /data/recordings && chown -R $APP_UID /data
VOLUME /data
ENV Urls=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Database__ConnectionString="Data Source=/data/callrecover.db" \
    Recordings__Path=/data/recordings \
    Backup__Folder=/data/backups
USER $APP_UID
EXPOSE 8080
# The runtime image has no curl: the app's own `health` verb asks /health/ready (database, migrations, workers).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "CallRecover.dll", "health"]
ENTRYPOINT ["dotnet", "CallRecover.dll"]
