// Key Vault (RBAC authorization) holding the Neon connection string as the secret 'database-url'.
// The function app reads it through a Key Vault reference, as its user-assigned identity, which is
// granted Key Vault Secrets User on that one secret only.

param name string
param location string
param tags object = {}
@secure()
@description('Neon pooled connection string (postgresql://...). Stored only as a Key Vault secret.')
param databaseUrl string
@description('Principal (object) id of the function app\'s managed identity.')
param principalId string

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // enablePurgeProtection is left unset: it cannot be turned off once on, which would block
    // `azd down --purge` on a development environment. Turn it on for production.
    publicNetworkAccess: 'Enabled'
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: databaseUrl
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(databaseUrlSecret.id, principalId, keyVaultSecretsUserRoleId)
  scope: databaseUrlSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Versionless reference: the app picks up a rotated secret without a redeploy (after the platform refresh).
output databaseUrlAppSetting string = '@Microsoft.KeyVault(SecretUri=${databaseUrlSecret.properties.secretUri})'
