// Flex Consumption plan (FC1) + Linux function app running Node.js 22. Every credential is the
// user-assigned identity: deployment package download, AzureWebJobsStorage, Key Vault references,
// Application Insights ingestion and (through AZURE_CLIENT_ID) DefaultAzureCredential in the code.

param planName string
param appName string
param location string
param tags object = {}
@description('azd links `services.api` in azure.yaml to the resource carrying this tag value.')
param serviceName string = 'api'

param identityId string
param identityClientId string

param storageAccountName string
param deploymentContainerName string
param appInsightsName string

param maximumInstanceCount int
param instanceMemoryMB int
param nodeVersion string = '22'

@description('Application settings of the app itself (the host and telemetry settings are added here).')
param appSettings object

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      // ftpsState is deliberately absent: Flex Consumption rejects it (there is no FTP endpoint on a
      // Flex app); basic-auth publishing is switched off below instead.
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

// Flex Consumption takes the runtime and extension version from functionAppConfig: the classic
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION / WEBSITE_RUN_FROM_PACKAGE settings are
// rejected by the platform and must not be added here.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(appSettings, {
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    PUBLIC_BASE_URL: 'https://${app.properties.defaultHostName}'
  })
}

// No publishing with user/site credentials: azd and the Azure CLI deploy with Entra tokens.
// (Written one after the other: parallel writes to one site can conflict.)
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
  dependsOn: [
    settings
  ]
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
  dependsOn: [
    ftpBasicAuth
  ]
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
