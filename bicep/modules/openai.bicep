// Azure OpenAI account with key auth disabled and one embeddings deployment (model version pinned). The function app's
// identity gets Cognitive Services OpenAI User (inference only; no keys, no management).

param name string
param location string
param tags object = {}
param deploymentName string
param modelName string = 'text-embedding-3-small'
@description('Pinned model version: vectors stored earlier and query vectors must come from the same version.')
param modelVersion string = '1'
@allowed([
  'Standard'
  'GlobalStandard'
])
param deploymentSku string
@description('Capacity in units of 1,000 tokens per minute.')
param capacity int
@description('Principal (object) id of the function app\'s managed identity.')
param principalId string
@description('Optional developer principal (the one running azd) that may also call the model, e.g. for `npm run embed`.')
param developerPrincipalId string = ''
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param developerPrincipalType string = 'User'

var openAiUserRoleId = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource embeddings 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: deploymentSku
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
    // Never upgraded by the platform: a silent model change would make stored and query vectors disagree.
    // Upgrading is a deliberate change of modelVersion followed by `npm run embed`.
    versionUpgradeOption: 'NoAutoUpgrade'
  }
}

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, openAiUserRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAiUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource developerOpenAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(account.id, developerPrincipalId, openAiUserRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAiUserRoleId)
    principalId: developerPrincipalId
    principalType: developerPrincipalType
  }
}

output name string = account.name
output endpoint string = account.properties.endpoint
output deploymentName string = embeddings.name
