// Zava Retail Analytics MCP: Azure resources for `azd up`.
// Creates rg-<environmentName> with a Flex Consumption function app, its user-assigned identity,
// host storage, monitoring, Key Vault (the Neon connection strings, Redis URL) and Azure OpenAI embeddings.
// The Neon database and the Entra app registration are created outside this template (docs/deploy.md).

targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the resource name suffix.')
param environmentName string

@minLength(1)
@description('Region of every resource except Azure OpenAI (see openAiLocation). Must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@secure()
@minLength(1)
@description('Neon pooled connection string of the runtime login (npm run db:login), postgresql://zava_app:<password>@<endpoint>-pooler.<region>.<cloud>.neon.tech/<db>?sslmode=require; never the owner. Stored only as the Key Vault secret database-url.')
param databaseUrl string

@minLength(1)
@description('Accepted token audiences, comma separated: "api://<client id>,<client id>" of the API app registration. v2 tokens carry the client id; the first api:// entry builds the advertised scope.')
param authAudience string

@description('Entra tenant that issues the tokens. Empty means the tenant of this deployment.')
param authTenantId string = ''

@description('Delegated scope or app role a caller must hold.')
param authRequiredScope string = 'Sales.Read'

@secure()
@description('Optional: the Neon owner\'s connection string (direct, not -pooler). Only the timers need it (the embedding refresh writes vectors, the summary refresh the sales summaries); with it set, it becomes the Key Vault secret database-owner-url and the app setting DATABASE_OWNER_URL. Empty: not provisioned.')
param databaseOwnerUrl string = ''

@description('Registers the nightly embedding-refresh timer (EMBEDDING_REFRESH_ENABLED). Needs databaseOwnerUrl: the app refuses to start with the refresh on and no owner URL.')
param embeddingRefreshEnabled bool = false

@description('Optional: NCRONTAB schedule of the embedding refresh (EMBEDDING_REFRESH_SCHEDULE), in UTC. Empty: the app\'s default, 03:00 daily.')
param embeddingRefreshSchedule string = ''

@description('Registers the timer that recomputes the sales summaries after imports (SUMMARY_REFRESH_ENABLED). Needs databaseOwnerUrl: the app refuses to start with it on and no owner URL.')
param summaryRefreshEnabled bool = false

@description('Optional: NCRONTAB schedule of the summary refresh (SUMMARY_REFRESH_SCHEDULE), in UTC. Empty: the app\'s default, 02:30 daily.')
param summaryRefreshSchedule string = ''

@secure()
@description('Optional: redis:// or rediss:// URL of a shared answer cache (REDIS_URL), stored as the Key Vault secret redis-url. Empty: each instance caches in memory.')
param redisUrl string = ''

@description('Optional: default seconds an answer stays cached (CACHE_TTL_SECONDS). Empty: the app\'s default.')
param cacheTtlSeconds string = ''

@description('Optional: an OTLP/HTTP collector (OTEL_EXPORTER_OTLP_ENDPOINT) that receives traces and metrics besides Application Insights. Empty: Application Insights only.')
param otelExporterOtlpEndpoint string = ''

@minValue(1)
@description('Statements slower than this many milliseconds are logged as slow queries (SLOW_QUERY_MS).')
param slowQueryMs int = 1000

@minValue(1)
@maxValue(100)
@description('Database connections per instance (DB_POOL_MAX). Neon\'s pooler takes many, but maximumInstanceCount x dbPoolMax is the ceiling.')
param dbPoolMax int = 10

@description('Region of the Azure OpenAI account. Empty means `location`. Pick one with capacity for the model and SKU.')
param openAiLocation string = ''

@description('Use this existing Azure OpenAI endpoint (https://<name>.openai.azure.com/) instead of creating an account. You then grant the output identity "Cognitive Services OpenAI User" on it yourself.')
param existingOpenAiEndpoint string = ''

@description('Name of the embeddings deployment (created here, or expected on the existing endpoint).')
param embeddingDeploymentName string = 'text-embedding-3-small'

@description('Model version of the embeddings deployment, pinned: stored product vectors and query vectors must come from the same model version. Changing it means re-embedding (npm run embed).')
param embeddingModelVersion string = '1'

@allowed([
  'Standard'
  'GlobalStandard'
])
param embeddingDeploymentSku string = 'GlobalStandard'

@minValue(1)
@description('Embeddings deployment capacity in thousands of tokens per minute.')
param embeddingCapacity int = 30

@description('Azure OpenAI data-plane API version the app calls.')
param openAiApiVersion string = '2024-10-21'

@description('Object id of the person running azd (azd sets AZURE_PRINCIPAL_ID). Gets Cognitive Services OpenAI User on the new account so `npm run embed` can run locally. Empty: no grant.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@minValue(1)
@maxValue(1000)
@description('Upper bound on Flex Consumption instances (each holds its own small Neon connection pool).')
param maximumInstanceCount int = 40

@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var createOpenAi = empty(existingOpenAiEndpoint)
var tenantId = empty(authTenantId) ? tenant().tenantId : authTenantId

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    appInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    databaseUrl: databaseUrl
    databaseOwnerUrl: databaseOwnerUrl
    redisUrl: redisUrl
    principalId: identity.outputs.principalId
  }
}

module openAi 'modules/openai.bicep' = if (createOpenAi) {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    deploymentName: embeddingDeploymentName
    modelVersion: embeddingModelVersion
    deploymentSku: embeddingDeploymentSku
    capacity: embeddingCapacity
    principalId: identity.outputs.principalId
    developerPrincipalId: principalId
    developerPrincipalType: principalType
  }
}

// The module exists only when createOpenAi; the safe dereference is null otherwise (no BCP318).
var openAiEndpoint = openAi.?outputs.endpoint ?? existingOpenAiEndpoint

// Optional settings: written only when given, so the app's own defaults apply otherwise. They are parameters
// (not hand-added settings) because the appsettings resource replaces the whole object on every provision.
var optionalAppSettings = union(
  empty(databaseOwnerUrl) ? {} : { DATABASE_OWNER_URL: keyVault.outputs.databaseOwnerUrlAppSetting },
  empty(redisUrl) ? {} : { REDIS_URL: keyVault.outputs.redisUrlAppSetting },
  empty(embeddingRefreshSchedule) ? {} : { EMBEDDING_REFRESH_SCHEDULE: embeddingRefreshSchedule },
  empty(summaryRefreshSchedule) ? {} : { SUMMARY_REFRESH_SCHEDULE: summaryRefreshSchedule },
  empty(cacheTtlSeconds) ? {} : { CACHE_TTL_SECONDS: cacheTtlSeconds },
  empty(otelExporterOtlpEndpoint) ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: otelExporterOtlpEndpoint }
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: 'plan-${resourceToken}'
    appName: 'func-${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    // Taking these from the module outputs also orders the deployment: the app is created only
    // after the storage, monitoring and Key Vault role assignments exist.
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appSettings: union(
      {
        DATABASE_URL: keyVault.outputs.databaseUrlAppSetting
        DB_POOL_MAX: string(dbPoolMax)
        SLOW_QUERY_MS: string(slowQueryMs)
        EMBEDDINGS_PROVIDER: 'azure-openai'
        AZURE_OPENAI_ENDPOINT: openAiEndpoint
        AZURE_OPENAI_EMBEDDING_DEPLOYMENT: embeddingDeploymentName
        AZURE_OPENAI_API_VERSION: openAiApiVersion
        AZURE_CLIENT_ID: identity.outputs.clientId
        AUTH_MODE: 'entra'
        AUTH_TENANT_ID: tenantId
        AUTH_AUDIENCE: authAudience
        AUTH_REQUIRED_SCOPE: authRequiredScope
        EMBEDDING_REFRESH_ENABLED: embeddingRefreshEnabled ? 'true' : 'false' // not string(): ARM writes 'True'
        SUMMARY_REFRESH_ENABLED: summaryRefreshEnabled ? 'true' : 'false'
      },
      optionalAppSettings
    )
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd stores them in .azure/<env>/.env; none of them is a secret)
// ---------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output MCP_ENDPOINT_URL string = 'https://${functionApp.outputs.defaultHostName}/api/mcp'
output AZURE_OPENAI_ENDPOINT string = openAiEndpoint
output AZURE_OPENAI_EMBEDDING_DEPLOYMENT string = embeddingDeploymentName
output AZURE_OPENAI_EMBEDDING_MODEL_VERSION string = embeddingModelVersion
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AUTH_TENANT_ID string = tenantId
