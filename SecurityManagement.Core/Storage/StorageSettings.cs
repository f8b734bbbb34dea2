using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Storage;

public enum StorageProvider
{
    Sqlite,
    Mongo,
}

/// <summary>Which store to use and how to reach it, read once from configuration.</summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Storage:Provider";
    public const string SqliteKey = "ConnectionStrings:Sqlite";
    public const string MongoKey = "ConnectionStrings:Mongo";

    /// <summary>The setting that holds the connection string in use, for error messages.</summary>
    public string ConnectionStringKey => Provider == StorageProvider.Sqlite ? SqliteKey : MongoKey;

    /// <summary>
    /// Reads <c>Storage:Provider</c> (default Sqlite) and the provider's connection string. SQLite
    /// defaults to <paramref name="defaultSqliteFile"/>; MongoDB has no default.
    /// </summary>
    public static StorageSettings From(IConfiguration configuration, string defaultSqliteFile)
    {
        var providerText = configuration[ProviderKey];
        StorageProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = StorageProvider.Sqlite;
        }
        else if (!Enum.TryParse(providerText, ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new StorageUnavailableException(
                $"Storage unavailable: {ProviderKey} is '{providerText}'; use Sqlite or Mongo.");
        }

        if (provider == StorageProvider.Sqlite)
        {
            var sqlite = configuration[SqliteKey];
            return new StorageSettings(provider, string.IsNullOrWhiteSpace(sqlite) ? $"Data Source={defaultSqliteFile}" : sqlite);
        }

        var mongo = configuration[MongoKey];
        return string.IsNullOrWhiteSpace(mongo)
            ? throw new StorageUnavailableException(
                $"Storage unavailable: {ProviderKey} is Mongo but {MongoKey} is not set (e.g. mongodb://localhost:27017/security_management).")
            : new StorageSettings(provider, mongo);
    }
}
