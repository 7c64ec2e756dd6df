// Key Vault (RBAC authorization) holding the app's secrets: the runtime Neon connection string
// ('database-url'), and when given the owner's connection string ('database-owner-url', for the embedding
// refresh) and the Redis URL ('redis-url'). The function app reads them through Key Vault references, as its
// user-assigned identity, which is granted Key Vault Secrets User on this vault.

param name string
param location string
param tags object = {}
@secure()
@description('Neon pooled connection string of the runtime login (postgresql://zava_app:...). Stored only as a Key Vault secret.')
param databaseUrl string
@secure()
@description('Optional: the owner\'s connection string. Empty: no secret.')
param databaseOwnerUrl string = ''
@secure()
@description('Optional: redis:// or rediss:// URL. Empty: no secret.')
param redisUrl string = ''
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

resource databaseOwnerUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(databaseOwnerUrl)) {
  parent: vault
  name: 'database-owner-url'
  properties: {
    value: databaseOwnerUrl
    contentType: 'text/plain'
  }
}

resource redisUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(redisUrl)) {
  parent: vault
  name: 'redis-url'
  properties: {
    value: redisUrl
    contentType: 'text/plain'
  }
}

// On the vault, not per secret: every secret in it is one this app reads, so the scope grants nothing more,
// and it needs no reference to the conditional secrets.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Versionless references: the app picks up a rotated secret without a redeploy (after the platform refresh).
// The optional ones are built from the vault URI, so no output dereferences a resource that may not exist;
// main.bicep writes them only when the secret was given.
var vaultUri = vault.properties.vaultUri

output name string = vault.name
output databaseUrlAppSetting string = '@Microsoft.KeyVault(SecretUri=${databaseUrlSecret.properties.secretUri})'
output databaseOwnerUrlAppSetting string = '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/database-owner-url)'
output redisUrlAppSetting string = '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/redis-url)'
