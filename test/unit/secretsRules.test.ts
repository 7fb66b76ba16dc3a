import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng, stringsFrom } from './syntheticRandom';
import { parseBaseline, serializeBaseline } from '../../src/core/secrets/baseline';
import { prefilterKeywords, ruleCatalog } from '../../src/core/secrets/catalog';
import { fileKindOf } from '../../src/core/secrets/fileKind';
import { scanText } from '../../src/core/secrets/scanner';
import type { Finding } from '../../src/core/secrets/types';
import { ToolError } from '../../src/core/errors';

const random = prng(424242);
const from = stringsFrom(random);
const b64 = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const alnum = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const hex = from('0123456789abcdef');
const entraChars = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-');

const storageKey = `${b64(86)}==`;
const storageKey2 = `${b64(86)}==`;
const cosmosKey = `${b64(86)}==`;
const sbKey = `${b64(43)}=`;
const redisKey = `${b64(43)}=`;
const signalrKey = `${b64(43)}=`;
const eventGridKey = `${b64(43)}=`;
const appConfigSecret = `${b64(43)}=`;
const idStorage = `${b64(76)}+ASt${b64(5)}A==`;
const idCosmos = `${b64(76)}ACDb${b64(5)}Q==`;
const idSb = `${b64(33)}+ASbB${b64(5)}=`;
const idEh = `${b64(33)}+AEhC${b64(5)}=`;
const idRelay = `${b64(33)}+ARmD${b64(5)}=`;
const idRedis = `${b64(33)}AzCaE${b64(5)}=`;
const idEventGrid = `${b64(33)}AZEGF${b64(5)}=`;
const idAcr = `${b64(42)}+ACRA${b64(5)}`;
const idFunc = `${alnum(44)}AzFu${alnum(5)}g==`;
const idSearch = `${alnum(42)}AzSeB${alnum(5)}`;
const idBatch = `${b64(76)}+ABa${b64(5)}A==`;
const idMl = `${b64(76)}+AMC${b64(5)}Q==`;
const caskOpenAi = `${alnum(52)}JQQJ99BA${alnum(8)}AAABACOG${alnum(8)}`;
const caskAppConfig = `${alnum(52)}JQQJ9DAB${alnum(8)}AAAAAZAC${alnum(8)}`;
const clientSecret = `${entraChars(3)}8Q~${entraChars(34)}`;
const legacySecret = `${alnum(12)}.${alnum(10)}-${alnum(10)}`;
const openAiKey = hex(32);
const searchKey = hex(32);
const apimKey = hex(32);
const sqlPassword = `Sq1-${alnum(14)}!`;
const pgPassword = `Pg7_${alnum(14)}`;
const myPassword = `My9.${alnum(14)}`;
const acrPassword = alnum(32);
const funcKey = `${alnum(54)}==`;
const sasSig = `${b64(43)}%3D`;
const urlPassword = `Ur1${alnum(13)}`;
const guidA = '6f1c2b3a-1d2e-4f50-8a9b-0c1d2e3f4a5b';
const guidB = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

interface Case {
  name: string;
  path?: string;
  languageId?: string;
  text: string;
  secret: string;
  ruleId: string;
  service?: string;
  extracted?: Record<string, string>;
  severity?: string;
}

const positives: Case[] = [
  // MI001 storage connection strings
  { name: 'storage connection string, JS', path: 'src/a.js', text: `const c = "DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${storageKey};EndpointSuffix=core.windows.net";`, secret: storageKey, ruleId: 'MI001', service: 'storage', extracted: { accountName: 'contosodata', endpointSuffix: 'core.windows.net' } },
  { name: 'storage connection string, .env', path: '.env', text: `AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=envacct;AccountKey=${storageKey}\n`, secret: storageKey, ruleId: 'MI001', extracted: { accountName: 'envacct' } },
  { name: 'storage connection string, local.settings.json, China cloud', path: 'local.settings.json', text: `{\n  "Values": {\n    "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=cnacct;AccountKey=${storageKey};EndpointSuffix=core.chinacloudapi.cn"\n  }\n}\n`, secret: storageKey, ruleId: 'MI001', extracted: { accountName: 'cnacct', endpointSuffix: 'core.chinacloudapi.cn' } },
  { name: 'storage connection string concatenated across literals, TS', path: 'src/b.ts', text: `const c =\n  "DefaultEndpointsProtocol=https;AccountName=splitacct;" +\n  "AccountKey=${storageKey};EndpointSuffix=core.windows.net";\n`, secret: storageKey, ruleId: 'MI001', extracted: { accountName: 'splitacct' } },
  { name: 'storage connection string, Python implicit concatenation', path: 'app.py', text: `conn = (\n    "DefaultEndpointsProtocol=https;AccountName=pyacct;"\n    "AccountKey=${storageKey}"\n)\n`, secret: storageKey, ruleId: 'MI001', extracted: { accountName: 'pyacct' } },
  { name: 'storage connection string, C# verbatim string over lines', path: 'Program.cs', text: `var c = @"DefaultEndpointsProtocol=https;\n  AccountName=csacct;\n  AccountKey=${storageKey};";\n`, secret: storageKey, ruleId: 'MI001', extracted: { accountName: 'csacct' } },
  { name: 'storage connection string, YAML folded block', path: 'k8s/deploy.yaml', text: `env:\n  - name: STORAGE\n    value: >-\n      DefaultEndpointsProtocol=https;AccountName=yamlacct;\n      AccountKey=${storageKey}\n`, secret: storageKey, ruleId: 'MI001', extracted: { accountName: 'yamlacct' } },
  { name: 'storage connection string, Jupyter notebook JSON', path: 'nb/analysis.ipynb', text: `{"cells":[{"cell_type":"code","source":["conn = \\"DefaultEndpointsProtocol=https;AccountName=nbacct;AccountKey=${storageKey};EndpointSuffix=core.windows.net\\"\\n"]}]}`, secret: storageKey, ruleId: 'MI001', extracted: { accountName: 'nbacct' } },
  { name: 'storage connection string, Markdown', path: 'README.md', text: `Set:\n\n\`\`\`\nDefaultEndpointsProtocol=https;AccountName=mdacct;AccountKey=${storageKey}\n\`\`\`\n`, secret: storageKey, ruleId: 'MI001' },
  // MI002 storage account keys
  { name: 'identifiable storage key, Python', path: 'x.py', text: `KEY = "${idStorage}"\n`, secret: idStorage, ruleId: 'MI002', service: 'storage' },
  { name: 'StorageSharedKeyCredential, TS', path: 'src/c.ts', text: `const cred = new StorageSharedKeyCredential("sharedacct", "${storageKey2}");\nconst url = "https://sharedacct.blob.core.windows.net";\n`, secret: storageKey2, ruleId: 'MI002', extracted: { accountName: 'sharedacct' } },
  { name: 'Terraform backend access_key', path: 'main.tf', text: `terraform {\n  backend "azurerm" {\n    storage_account_name = "tfstateacct"\n    access_key = "${storageKey2}"\n  }\n}\n`, secret: storageKey2, ruleId: 'MI002', extracted: { accountName: 'tfstateacct' } },
  // MI003 SAS
  { name: 'SAS URL, JS', path: 'a.js', text: `const u = "https://sasacct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=${sasSig}";`, secret: sasSig, ruleId: 'MI003', extracted: { accountName: 'sasacct' } },
  { name: 'SAS token in YAML', path: 'ci.yml', text: `sas: "?sv=2021-08-06&sr=c&sp=rl&se=2031-05-05T10%3A00%3A00Z&sig=${sasSig}"\n`, secret: sasSig, ruleId: 'MI003' },
  // MI004 Service Bus / Event Hubs / Relay
  { name: 'Service Bus connection string, C#', path: 'Worker.cs', text: `var client = new ServiceBusClient("Endpoint=sb://contoso-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sbKey}");`, secret: sbKey, ruleId: 'MI004', service: 'serviceBus', extracted: { namespace: 'contoso-bus.servicebus.windows.net' } },
  { name: 'Event Hubs connection string with EntityPath, Java', path: 'App.java', text: `String eventHubConn = "Endpoint=sb://hubs-ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${sbKey};EntityPath=telemetry";`, secret: sbKey, ruleId: 'MI004', service: 'eventHubs', extracted: { namespace: 'hubs-ns.servicebus.windows.net', entityPath: 'telemetry' } },
  { name: 'identifiable Service Bus key', path: 'a.go', text: `key := "${idSb}"`, secret: idSb, ruleId: 'MI004', service: 'serviceBus' },
  { name: 'identifiable Event Hubs key', path: 'a.properties', text: `eh.key=${idEh}\n`, secret: idEh, ruleId: 'MI004', service: 'eventHubs' },
  { name: 'identifiable Relay key', path: 'a.json', text: `{"relayKey": "${idRelay}"}`, secret: idRelay, ruleId: 'MI004', service: 'relay' },
  // MI005 Cosmos DB
  { name: 'Cosmos connection string, appsettings.json', path: 'appsettings.json', text: `{\n  "ConnectionStrings": {\n    "Cosmos": "AccountEndpoint=https://contoso-cosmos.documents.azure.com:443/;AccountKey=${cosmosKey};"\n  }\n}\n`, secret: cosmosKey, ruleId: 'MI005', service: 'cosmosDb', extracted: { endpoint: 'https://contoso-cosmos.documents.azure.com:443/', accountName: 'contoso-cosmos' } },
  { name: 'Cosmos key in CosmosClient config, JS', path: 'db.js', text: `const client = new CosmosClient({\n  endpoint: "https://orders-db.documents.azure.com:443/",\n  key: "${cosmosKey}",\n});\n`, secret: cosmosKey, ruleId: 'MI005', extracted: { accountName: 'orders-db' } },
  { name: 'identifiable Cosmos key', path: 'a.py', text: `client = CosmosClient(url, credential="${idCosmos}")`, secret: idCosmos, ruleId: 'MI005' },
  // MI006 databases
  { name: 'Azure SQL ADO.NET string, appsettings.json', path: 'appsettings.json', text: `{"ConnectionStrings":{"Db":"Server=tcp:contoso-sql.database.windows.net,1433;Initial Catalog=orders;User ID=appuser;Password=${sqlPassword};Encrypt=True;"}}`, secret: sqlPassword, ruleId: 'MI006', service: 'sql', extracted: { server: 'contoso-sql.database.windows.net', database: 'orders', user: 'appuser' } },
  { name: 'Azure SQL ODBC string, Python', path: 'db.py', text: `cs = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:py-sql.database.windows.net,1433;Database=sales;Uid=reporter;Pwd=${sqlPassword};"`, secret: sqlPassword, ruleId: 'MI006', service: 'sql', extracted: { server: 'py-sql.database.windows.net', database: 'sales', user: 'reporter' } },
  { name: 'Azure SQL JDBC, properties', path: 'application.properties', text: `spring.datasource.url=jdbc:sqlserver://jdbc-sql.database.windows.net:1433;database=inventory;user=svc;password=${sqlPassword};encrypt=true\n`, secret: sqlPassword, ruleId: 'MI006', service: 'sql', extracted: { server: 'jdbc-sql.database.windows.net' } },
  { name: 'PostgreSQL JDBC URL with query parameters, Java', path: 'Db.java', text: `String url = "jdbc:postgresql://jdbc-pg.postgres.database.azure.com:5432/orders?user=pgadmin&password=${pgPassword}&sslmode=require";`, secret: pgPassword, ruleId: 'MI006', service: 'postgresql', extracted: { server: 'jdbc-pg.postgres.database.azure.com', database: 'orders', user: 'pgadmin' } },
  { name: 'MySQL JDBC URL with query parameters, properties', path: 'application.properties', text: `spring.datasource.url=jdbc:mysql://jdbc-my.mysql.database.azure.com:3306/shop?user=myadmin&password=${myPassword}&useSSL=true\n`, secret: myPassword, ruleId: 'MI006', service: 'mysql', extracted: { server: 'jdbc-my.mysql.database.azure.com', database: 'shop', user: 'myadmin' } },
  { name: 'dotted password in an ADO.NET string literal, C#', path: 'Db.cs', text: 'var cs = "Server=tcp:dot-sql.database.windows.net,1433;Database=app;User ID=u;Password=Ab9.Cd7xYzQ2;";', secret: 'Ab9.Cd7xYzQ2', ruleId: 'MI006', service: 'sql', extracted: { server: 'dot-sql.database.windows.net', user: 'u' } },
  // Infrastructure and scripts
  { name: 'administrator password in an ARM parameter file', path: 'infra/sql.parameters.json', text: `{\n  "parameters": {\n    "administratorLogin": { "value": "dbowner" },\n    "administratorLoginPassword": {\n      "value": "${sqlPassword}"\n    }\n  }\n}\n`, secret: sqlPassword, ruleId: 'MI006', service: 'sql' },
  { name: 'administrator password as a Bicep parameter default', path: 'infra/pg.bicep', text: `param administratorLoginPassword string = '${pgPassword}'\n\nresource pg 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {\n  name: 'pg'\n}\n`, secret: pgPassword, ruleId: 'MI006', service: 'postgresql' },
  { name: 'administrator_password of a Terraform PostgreSQL flexible server', path: 'main.tf', text: `resource "azurerm_postgresql_flexible_server" "pg" {\n  administrator_login    = "dbowner"\n  administrator_password = "${pgPassword}"\n}\n`, secret: pgPassword, ruleId: 'MI006' },
  { name: 'sql_admin_password in terraform.tfvars', path: 'terraform.tfvars', text: `location = "westus3"\nsql_admin_password = "${sqlPassword}"\n`, secret: sqlPassword, ruleId: 'MI006' },
  { name: 'ConvertTo-SecureString for a SQL server administrator, PowerShell', path: 'provision.ps1', text: `$pw = ConvertTo-SecureString '${sqlPassword}' -AsPlainText -Force\n$cred = New-Object PSCredential('dbowner', $pw)\nNew-AzSqlServer -ServerName sql1 -SqlAdministratorCredentials $cred\n`, secret: sqlPassword, ruleId: 'MI006', service: 'sql' },
  { name: 'ConvertTo-SecureString for a service principal sign-in, PowerShell', path: 'connect.ps1', text: `$secret = ConvertTo-SecureString "${legacySecret}" -AsPlainText -Force\n$cred = New-Object PSCredential($appId, $secret)\nConnect-AzAccount -ServicePrincipal -Tenant $tenant -Credential $cred\n`, secret: legacySecret, ruleId: 'MI007', service: 'entraId' },
  { name: 'redis-cli -a against an Azure cache', path: 'ping.sh', text: `redis-cli -h orders.redis.cache.windows.net -p 6380 --tls -a '${redisKey}' PING\n`, secret: redisKey, ruleId: 'MI008', extracted: { server: 'orders.redis.cache.windows.net' } },
  { name: 'echo | docker login --password-stdin to a registry', path: 'push.sh', text: `REGISTRY=contosoacr.azurecr.io\necho '${acrPassword}' | docker login "$REGISTRY" --username contosoacr --password-stdin\n`, secret: acrPassword, ruleId: 'MI011' },
  { name: 'namespace key in a script that signs SAS tokens', path: 'send.sh', text: `NS=orders\nKEY_NAME=RootManageSharedAccessKey\nKEY='${sbKey}'\nURI="https://$NS.servicebus.windows.net/q"\n`, secret: sbKey, ruleId: 'MI004', service: 'serviceBus' },
  { name: 'storage key in an ARM parameter object', path: 'app.parameters.json', text: `{\n  "parameters": {\n    "storageAccountName": { "value": "contosodata" },\n    "storageAccountKey": {\n      "value": "${storageKey}"\n    }\n  }\n}\n`, secret: storageKey, ruleId: 'MI002', service: 'storage' },
  { name: 'Cosmos key as a CosmosClient argument in a notebook cell', path: 'report.ipynb', text: `{"cells":[{"cell_type":"code","source":["client = CosmosClient(\\"https://reports.documents.azure.com:443/\\", \\"${cosmosKey}\\")\\n"]}]}`, secret: cosmosKey, ruleId: 'MI005' },
  { name: 'real Event Hubs key next to UseDevelopmentStorage=true, local.settings.json', path: 'local.settings.json', text: `{\n  "Values": {\n    "AzureWebJobsStorage": "UseDevelopmentStorage=true",\n    "EventHub": "Endpoint=sb://ingest.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${sbKey};EntityPath=events"\n  }\n}\n`, secret: sbKey, ruleId: 'MI004', severity: 'error' },
  { name: 'storage key split over two literals joined with +, C#', path: 'Keys.cs', text: `internal static class Keys\n{\n    internal const string StorageKey = "${storageKey.slice(0, 44)}" + "${storageKey.slice(44)}";\n    internal const string StorageAccount = "contosodata";\n}\n`, secret: storageKey.slice(0, 44), ruleId: 'MI002' },
  // AI keys, Event Grid, Entra (more forms)
  { name: 'SPEECH_KEY in .env', path: '.env', text: `# local settings\nSPEECH_KEY=${openAiKey}\n`, secret: openAiKey, ruleId: 'MI010', service: 'aiServices' },
  { name: 'SpeechConfig(subscription=...), Python', path: 'speech.py', text: `import azure.cognitiveservices.speech as speechsdk\ncfg = speechsdk.SpeechConfig(subscription="${openAiKey}", region="westeurope")\n`, secret: openAiKey, ruleId: 'MI010' },
  { name: 'Event Grid TopicKey before TopicEndpoint, appsettings.json', path: 'appsettings.json', text: `{\n  "EventGrid": {\n    "TopicKey": "${eventGridKey}",\n    "TopicEndpoint": "https://orders.westeurope-1.eventgrid.azure.net/api/events"\n  }\n}\n`, secret: eventGridKey, ruleId: 'MI014' },
  { name: 'MSAL client_credential, Python', path: 'auth.py', text: `app = msal.ConfidentialClientApplication(\n    client_id="${guidA}",\n    client_credential="${sbKey}",\n)\n`, secret: sbKey, ruleId: 'MI007' },
  { name: 'PostgreSQL URI, .env', path: '.env', text: `DATABASE_URL=postgres://pgadmin:${pgPassword}@contoso-pg.postgres.database.azure.com:5432/orders?sslmode=require\n`, secret: pgPassword, ruleId: 'MI006', service: 'postgresql', extracted: { server: 'contoso-pg.postgres.database.azure.com', user: 'pgadmin', database: 'orders' } },
  { name: 'MySQL URI, YAML (compose)', path: 'docker-compose.yml', text: `services:\n  api:\n    environment:\n      DB_URL: "mysql://appuser:${myPassword}@contoso-my.mysql.database.azure.com:3306/shop"\n`, secret: myPassword, ruleId: 'MI006', service: 'mysql', extracted: { server: 'contoso-my.mysql.database.azure.com', user: 'appuser' } },
  { name: 'sqlserver:// URI, Go', path: 'main.go', text: `db, _ := sql.Open("sqlserver", "sqlserver://gouser:${sqlPassword}@go-sql.database.windows.net?database=app")`, secret: sqlPassword, ruleId: 'MI006', service: 'sql', extracted: { server: 'go-sql.database.windows.net', user: 'gouser' } },
  { name: 'mssql config object, JS', path: 'db.ts', text: `const config = {\n  server: "node-sql.database.windows.net",\n  database: "app",\n  user: "nodeuser",\n  password: "${sqlPassword}",\n};\n`, secret: sqlPassword, ruleId: 'MI006', service: 'sql', extracted: { server: 'node-sql.database.windows.net' } },
  { name: 'psycopg2 keyword arguments, Python', path: 'pg.py', text: `conn = psycopg2.connect(\n    host="py-pg.postgres.database.azure.com",\n    dbname="orders",\n    user="orders-app",\n    password="${pgPassword}",\n)\n`, secret: pgPassword, ruleId: 'MI006', service: 'postgresql' },
  { name: 'Bicep administratorLoginPassword', path: 'main.bicep', text: `resource sql 'Microsoft.Sql/servers@2022-05-01-preview' = {\n  name: 'contoso'\n  properties: {\n    administratorLogin: 'sqladmin'\n    administratorLoginPassword: '${sqlPassword}'\n  }\n}\n`, secret: sqlPassword, ruleId: 'MI006', service: 'sql' },
  { name: 'Terraform administrator_login_password (PostgreSQL)', path: 'db.tf', text: `resource "azurerm_postgresql_flexible_server" "pg" {\n  administrator_login          = "pgadmin"\n  administrator_login_password = "${pgPassword}"\n}\n`, secret: pgPassword, ruleId: 'MI006', service: 'postgresql' },
  // MI007 Entra
  { name: 'Entra client secret, YAML', path: 'config.yaml', text: `azure:\n  tenant_id: ${guidA}\n  client_id: ${guidB}\n  client_secret: ${clientSecret}\n`, secret: clientSecret, ruleId: 'MI007', extracted: { clientId: guidB, tenantId: guidA } },
  { name: 'Entra client secret, .env', path: '.env', text: `AZURE_CLIENT_SECRET=${clientSecret}\n`, secret: clientSecret, ruleId: 'MI007' },
  { name: 'legacy Entra secret in ClientSecretCredential, C#', path: 'Auth.cs', text: `var cred = new ClientSecretCredential("${guidA}", "${guidB}", "${legacySecret}");`, secret: legacySecret, ruleId: 'MI007', severity: 'warning' },
  { name: 'legacy Entra secret next to AZURE_CLIENT_SECRET, shell', path: 'run.sh', text: `export AZURE_CLIENT_SECRET="${legacySecret}"\n`, secret: legacySecret, ruleId: 'MI007' },
  // MI008 Redis
  { name: 'Redis StackExchange string, C#', path: 'Cache.cs', text: `var mux = ConnectionMultiplexer.Connect("contoso-cache.redis.cache.windows.net:6380,password=${redisKey},ssl=True,abortConnect=False");`, secret: redisKey, ruleId: 'MI008', extracted: { server: 'contoso-cache.redis.cache.windows.net' } },
  { name: 'rediss URI, JS', path: 'cache.js', text: `const client = createClient({ url: "rediss://:${redisKey}@js-cache.redis.cache.windows.net:6380" });`, secret: redisKey, ruleId: 'MI008', extracted: { server: 'js-cache.redis.cache.windows.net' } },
  { name: 'redis.Redis keyword password, Python', path: 'cache.py', text: `r = redis.Redis(host="py-cache.redis.cache.windows.net", port=6380, password="${redisKey}", ssl=True)`, secret: redisKey, ruleId: 'MI008', extracted: { server: 'py-cache.redis.cache.windows.net' } },
  { name: 'identifiable Redis key', path: 'a.env', text: `REDIS=${idRedis}\n`, secret: idRedis, ruleId: 'MI008' },
  // MI009 App Configuration
  { name: 'App Configuration connection string, JS', path: 'cfg.ts', text: `const client = new AppConfigurationClient("Endpoint=https://contoso-cfg.azconfig.io;Id=ab12-l0-s0:cd34;Secret=${appConfigSecret}");`, secret: appConfigSecret, ruleId: 'MI009', extracted: { endpoint: 'https://contoso-cfg.azconfig.io' } },
  { name: 'App Configuration CASK key', path: 'cfg.py', text: `SECRET = "${caskAppConfig}"`, secret: caskAppConfig, ruleId: 'MI009', service: 'appConfiguration' },
  // MI010 AI keys
  { name: 'Azure OpenAI key with endpoint, Python', path: 'ai.py', text: `client = AzureOpenAI(\n    azure_endpoint="https://contoso-ai.openai.azure.com/",\n    api_key="${openAiKey}",\n    api_version="2024-06-01",\n)\n`, secret: openAiKey, ruleId: 'MI010', service: 'openAi', extracted: { endpoint: 'https://contoso-ai.openai.azure.com/' } },
  { name: 'Azure OpenAI key, .env', path: '.env', text: `AZURE_OPENAI_ENDPOINT=https://env-ai.openai.azure.com/\nAZURE_OPENAI_API_KEY=${openAiKey}\n`, secret: openAiKey, ruleId: 'MI010', service: 'openAi' },
  { name: 'Search key in AzureKeyCredential, C#', path: 'Search.cs', text: `var client = new SearchClient(new Uri("https://contoso-search.search.windows.net"), "hotels", new AzureKeyCredential("${searchKey}"));`, secret: searchKey, ruleId: 'MI010', service: 'search' },
  { name: 'AI services key, cognitiveservices endpoint', path: 'vision.js', text: `const endpoint = "https://contoso-vision.cognitiveservices.azure.com/";\nconst client = new ImageAnalysisClient(endpoint, new AzureKeyCredential("${openAiKey}"));`, secret: openAiKey, ruleId: 'MI010', service: 'aiServices' },
  { name: 'identifiable Search key', path: 'a.ts', text: `const k = "${idSearch}";`, secret: idSearch, ruleId: 'MI010', service: 'search' },
  { name: 'OpenAI CASK key', path: 'a.ts', text: `const k = "${caskOpenAi}";`, secret: caskOpenAi, ruleId: 'MI010', service: 'openAi' },
  // MI011 ACR
  { name: 'identifiable ACR password', path: 'a.yaml', text: `password: ${idAcr}\n`, secret: idAcr, ruleId: 'MI011' },
  { name: 'docker login to ACR, GitHub Actions', path: '.github/workflows/ci.yml', text: `      - run: docker login contosoreg.azurecr.io -u contosoreg -p ${acrPassword}\n`, secret: acrPassword, ruleId: 'MI011', extracted: { server: 'contosoreg.azurecr.io' } },
  // MI012 Functions
  { name: 'Function URL with code, JS', path: 'call.js', text: `await fetch("https://contoso-fn.azurewebsites.net/api/HttpTrigger1?code=${funcKey}");`, secret: funcKey, ruleId: 'MI012', extracted: { endpoint: 'https://contoso-fn.azurewebsites.net' } },
  { name: 'x-functions-key header, Python', path: 'call.py', text: `headers = {"x-functions-key": "${funcKey}"}`, secret: funcKey, ruleId: 'MI012' },
  { name: 'identifiable Function key', path: 'a.cs', text: `var k = "${idFunc}";`, secret: idFunc, ruleId: 'MI012' },
  // MI013 SignalR / Web PubSub
  { name: 'SignalR connection string, JSON', path: 'appsettings.json', text: `{"Azure":{"SignalR":{"ConnectionString":"Endpoint=https://contoso-sr.service.signalr.net;AccessKey=${signalrKey};Version=1.0;"}}}`, secret: signalrKey, ruleId: 'MI013', service: 'signalR', extracted: { endpoint: 'https://contoso-sr.service.signalr.net' } },
  { name: 'Web PubSub connection string, JS', path: 'ws.js', text: `const svc = new WebPubSubServiceClient("Endpoint=https://contoso-wps.webpubsub.azure.com;AccessKey=${signalrKey};Version=1.0;", "hub");`, secret: signalrKey, ruleId: 'MI013', service: 'webPubSub' },
  // MI014 Event Grid
  { name: 'aeg-sas-key header, JS', path: 'eg.js', text: `headers: { "aeg-sas-key": "${eventGridKey}" }`, secret: eventGridKey, ruleId: 'MI014' },
  { name: 'Event Grid key in AzureKeyCredential, C#', path: 'Eg.cs', text: `var client = new EventGridPublisherClient(new Uri("https://topic1.westus2-1.eventgrid.azure.net/api/events"), new AzureKeyCredential("${eventGridKey}"));`, secret: eventGridKey, ruleId: 'MI014' },
  { name: 'identifiable Event Grid key', path: 'a.env', text: `EG=${idEventGrid}\n`, secret: idEventGrid, ruleId: 'MI014' },
  // MI015 URL credentials
  { name: 'deployment credentials in a Kudu URL', path: 'deploy.sh', text: `git remote add azure https://deployer:${urlPassword}@contoso-web.scm.azurewebsites.net/contoso-web.git\n`, secret: urlPassword, ruleId: 'MI015' },
  // MI016 APIM
  { name: 'APIM subscription key header', path: 'apim.js', text: `fetch("https://contoso-apim.azure-api.net/orders", { headers: { "Ocp-Apim-Subscription-Key": "${apimKey}" } });`, secret: apimKey, ruleId: 'MI016' },
  // MI018-MI021 (checksums and more shapes in secretsRealWorldShapes.test.ts)
  { name: 'IoT Hub service connection string', path: 'iot.cs', text: `var c = "HostName=contoso-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${sbKey}";`, secret: sbKey, ruleId: 'MI018', service: 'iotHub' },
  { name: 'Batch identifiable key', path: 'batch.env', text: `BATCH_ACCOUNT_KEY=${idBatch}\n`, secret: idBatch, ruleId: 'MI019', service: 'batch' },
  { name: 'Machine Learning classic key', path: 'ml.py', text: `api_key = "${idMl}"\n`, secret: idMl, ruleId: 'MI020' },
  { name: 'Communication Services connection string', path: 'acs.env', text: `COMMUNICATION_SERVICES_CONNECTION_STRING=endpoint=https://contoso-acs.communication.azure.com/;accesskey=${storageKey}\n`, secret: storageKey, ruleId: 'MI021', service: 'communicationServices' },
];

const negatives: { name: string; path?: string; text: string }[] = [
  { name: 'placeholder account key', path: 'a.js', text: 'const c = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=<your-account-key>";' },
  { name: 'templated password', path: 'a.json', text: '{"Db":"Server=tcp:x.database.windows.net;User ID=u;Password=${DB_PASSWORD};"}' },
  { name: 'pipeline variable', path: 'azure-pipelines.yml', text: 'connection: "Server=tcp:x.database.windows.net;Password=$(SqlPassword);"\n' },
  { name: 'Windows environment variable', path: 'run.cmd', text: 'set CS=Server=tcp:x.database.windows.net;Password=%SQL_PASSWORD%;\n' },
  { name: 'mustache', path: 'values.yaml', text: 'password: "{{ .Values.password }}"\nhost: x.database.windows.net\n' },
  { name: 'format placeholder', path: 'a.cs', text: 'var cs = string.Format("Server=tcp:x.database.windows.net;Password={0};", pw);' },
  { name: 'GitHub Actions secret', path: '.github/workflows/ci.yml', text: 'env:\n  AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}\n' },
  { name: 'process.env read', path: 'a.ts', text: 'const config = { server: "x.database.windows.net", password: process.env.DB_PASSWORD };' },
  { name: 'os.environ read', path: 'a.py', text: 'conn = psycopg2.connect(host="x.postgres.database.azure.com", password=os.environ["PGPASSWORD"])' },
  { name: 'Environment.GetEnvironmentVariable', path: 'a.cs', text: 'var key = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY"); // https://x.openai.azure.com' },
  { name: 'Key Vault reference', path: 'appsettings.json', text: '{"AzureWebJobsStorage": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/storage/)"}' },
  { name: 'opencode env reference', path: 'opencode.json', text: '{"provider":{"azure":{"options":{"apiKey":"{env:AZURE_API_KEY}"}}}}' },
  { name: 'passwordless SQL', path: 'a.json', text: '{"Db":"Server=tcp:x.database.windows.net,1433;Initial Catalog=db;Authentication=Active Directory Default;"}' },
  { name: 'SignalR managed identity', path: 'a.json', text: '{"c":"Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0;"}' },
  { name: 'development storage', path: 'local.settings.json', text: '{"Values":{"AzureWebJobsStorage":"UseDevelopmentStorage=true"}}' },
  { name: 'xxx placeholder key', path: 'a.env', text: `AZURE_STORAGE_KEY=${'x'.repeat(86)}==\n` },
  { name: 'repeated characters', path: 'a.py', text: `account_key = "${'A'.repeat(86)}=="  # storage` },
  { name: 'sequential characters', path: 'a.py', text: 'AZURE_OPENAI_API_KEY = "0123456789abcdef0123456789abcdef"' },
  { name: 'password read from settings in YAML next to an Azure host', path: 'config.yml', text: 'db:\n  host: cfg-sql.database.windows.net\n  password: settings.db_password\n' },
  { name: 'password assigned from a call in Python next to an Azure host', path: 'db.py', text: 'server = "py2-sql.database.windows.net"\npassword = get_secret("db")\nconn = f"Server={server};Password={password};"\n' },
  { name: 'Key Vault secret URI with its version', path: 'kv.ts', text: 'export const openAiKey = "https://kv1.vault.azure.net/secrets/openai-key/8f0ba6214728a8062bbfb8ef7c1b4426";\n' },
  { name: 'ARM expression as the administrator password', path: 'a.parameters.json', text: '{ "parameters": { "administratorLoginPassword": { "value": "[parameters(\'pw\')]" } } }' },
  { name: 'ConvertTo-SecureString of a local VM password', path: 'vm.ps1', text: "$pw = ConvertTo-SecureString 'Local-Vm-Passw0rd!' -AsPlainText -Force\nNew-LocalUser -Name dev -Password $pw\n" },
  { name: 'redis-cli against localhost', path: 'dev.sh', text: 'redis-cli -h localhost -p 6379 -a devpassword-local-only PING\n' },
  { name: 'changeme password', path: 'a.properties', text: 'spring.datasource.url=jdbc:sqlserver://x.database.windows.net\nspring.datasource.password=changeme\n' },
  { name: 'your_password', path: 'a.env', text: 'DATABASE_URL=postgres://u:your_password@x.postgres.database.azure.com/db\n' },
  { name: 'masked password', path: 'a.md', text: 'Server=tcp:x.database.windows.net;Password=********;\n' },
  { name: 'sha512 integrity hash', path: 'package-lock.json', text: `{"node_modules/@azure/storage-blob": {"integrity": "sha512-${b64(86)}=="}}` },
  { name: 'GUID client id', path: 'a.env', text: `AZURE_CLIENT_ID=${guidA}\nAZURE_CLIENT_SECRET_NAME=my-secret\n` },
  { name: 'bare 32 hex without Azure context', path: 'a.js', text: `const commit = "${hex(32)}"; const api_key = "${hex(32)}";` },
  { name: 'endpoint only', path: 'a.ts', text: 'const client = new BlobServiceClient("https://acct.blob.core.windows.net", new DefaultAzureCredential());' },
  { name: 'SAS-like URL without a signature', path: 'a.ts', text: 'const u = "https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=";' },
  { name: 'local database URI', path: '.env', text: `DATABASE_URL=postgres://postgres:${pgPassword}@localhost:5432/app\n` },
  { name: 'docker compose service host', path: 'docker-compose.yml', text: `DATABASE_URL: mysql://root:${myPassword}@db:3306/app\n` },
  { name: 'generic password without an Azure database nearby', path: 'a.ts', text: `const login = { user: "bob", password: "${sqlPassword}" };` },
  { name: 'CSS tilde chains', path: 'a.css', text: '.a ~ .b ~ .c { }\n.aaa7Q~bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb { }' },
  { name: 'variable in code (not a literal)', path: 'a.py', text: 'conn = pyodbc.connect("Server=tcp:x.database.windows.net;" + "Pwd=" + password)' },
];

function check(c: Case, findings: Finding[]): void {
  const start = c.text.indexOf(c.secret);
  assert.ok(start >= 0, 'the secret is in the text');
  const hit = findings.filter((f) => f.secretRange.start < start + c.secret.length && start < f.secretRange.end);
  assert.equal(hit.length, 1, `one finding for the secret (got ${findings.map((f) => f.ruleId).join(', ') || 'none'})`);
  const f = hit[0];
  assert.equal(f.ruleId, c.ruleId);
  if (c.service) assert.equal(f.service, c.service);
  if (c.severity) assert.equal(f.severity, c.severity);
  assert.equal(c.text.slice(f.secretRange.start, f.secretRange.end), c.secret, 'secretRange is exactly the secret');
  assert.ok(f.constructRange.start <= f.secretRange.start && f.secretRange.end <= f.constructRange.end, 'construct encloses the secret');
  for (const [key, value] of Object.entries(c.extracted ?? {})) assert.equal(f.extracted[key as keyof Finding['extracted']], value, `extracted.${key}`);
  assert.ok(!f.preview.includes(c.secret), 'preview hides the secret');
  assert.ok(f.preview.replace(/[…*]/g, '').length <= 6, 'preview shows at most six characters');
  assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
  assert.match(f.message, /managed identity|Entra|DefaultAzureCredential|App Service authentication/);
}

describe('secret rules: positives (exact ranges, extracted fields, previews)', () => {
  for (const c of positives) {
    it(`${c.ruleId} ${c.name}`, () => check(c, scanText(c.text, { path: c.path, languageId: c.languageId })));
  }

  it('covers every rule in the catalog with at least one positive', () => {
    for (const rule of ruleCatalog.filter((r) => r.id !== 'MI017')) assert.ok(positives.some((p) => p.ruleId === rule.id), rule.id);
  });

  it('reports identical findings whether the file type comes from the path or the language id', () => {
    const c = positives.find((p) => p.name.startsWith('psycopg2'))!;
    assert.deepEqual(scanText(c.text, { path: 'x.py' }), scanText(c.text, { languageId: 'python' }));
  });
});

describe('secret rules: hard negatives', () => {
  for (const n of negatives) {
    it(`no finding: ${n.name}`, () => assert.deepEqual(scanText(n.text, { path: n.path }).map((f) => `${f.ruleId} ${f.preview}`), []));
  }
});

describe('secret rules: emulators, suppressions, baseline, disabled rules', () => {
  const azurite = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  const cosmosEmulator = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

  it('reports the Azurite and Cosmos emulator keys as information only', () => {
    const text = `a = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azurite};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"\nb = "AccountEndpoint=https://localhost:8081/;AccountKey=${cosmosEmulator};"\n`;
    const findings = scanText(text, { path: 'a.py' });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['MI001', 'info'], ['MI005', 'info']]);
  });

  it('reports a real key next to localhost:8081 as information only', () => {
    const text = `c = "AccountEndpoint=https://localhost:8081/;AccountKey=${cosmosKey};"`;
    assert.deepEqual(scanText(text, { path: 'a.py' }).map((f) => f.severity), ['info']);
  });

  const line = `AZURE_CLIENT_SECRET=${clientSecret}`;
  for (const [name, text, expected] of [
    ['mi-scan:ignore on the line', `${line} # mi-scan:ignore`, 0],
    ['mi-scan:ignore on the line before', `# mi-scan:ignore\n${line}`, 0],
    ['gitleaks:allow on the line', `${line} # gitleaks:allow`, 0],
    ['pragma: allowlist secret on the line', `${line} # pragma: allowlist secret`, 0],
    ['pragma: allowlist nextline secret on the line before', `# pragma: allowlist nextline secret\n${line}`, 0],
    ['pragma: allowlist secret two lines before does not count', `# pragma: allowlist secret\n\n${line}`, 1],
    ['gitleaks:allow on the line before does not count', `# gitleaks:allow\n${line}`, 1],
  ] as const) {
    it(`suppression: ${name}`, () => assert.equal(scanText(text, { path: '.env' }).length, expected));
  }

  it('drops baselined fingerprints and disabled rules (by id or name)', () => {
    const text = `AZURE_CLIENT_SECRET=${clientSecret}\nAZURE_OPENAI_ENDPOINT=https://x.openai.azure.com\nAZURE_OPENAI_API_KEY=${openAiKey}\n`;
    const all = scanText(text, { path: '.env' });
    assert.deepEqual(all.map((f) => f.ruleId), ['MI007', 'MI010']);
    const baseline = parseBaseline(serializeBaseline([{ path: '.env', ruleId: all[0].ruleId, fingerprint: all[0].fingerprint }]));
    assert.deepEqual(scanText(text, { path: '.env', baseline }).map((f) => f.ruleId), ['MI010']);
    assert.deepEqual(scanText(text, { path: '.env', disabledRules: new Set(['MI010']) }).map((f) => f.ruleId), ['MI007']);
    assert.deepEqual(scanText(text, { path: '.env', disabledRules: new Set(['EntraClientSecret']) }).map((f) => f.ruleId), ['MI010']);
  });

  it('the baseline holds no secret and rejects bad input with a typed error', () => {
    const findings = scanText(`AZURE_CLIENT_SECRET=${clientSecret}`, { path: '.env' });
    const json = serializeBaseline(findings.map((f) => ({ path: '.env', ruleId: f.ruleId, fingerprint: f.fingerprint })));
    assert.ok(!json.includes(clientSecret));
    assert.ok(parseBaseline(json).has(findings[0].fingerprint));
    for (const bad of ['not json', '[]', '{"findings": [{"fingerprint": "XYZ"}]}', '{"findings": 3}']) {
      assert.throws(() => parseBaseline(bad), (e: unknown) => ToolError.is(e, 'invalidInput'));
    }
  });
});

describe('secret rules: one finding per value, sorted', () => {
  it('reports an identifiable key in a connection string once, under the more specific rule', () => {
    const text = `"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${idStorage};"`;
    const findings = scanText(text, { path: 'a.json' });
    assert.deepEqual(findings.map((f) => f.ruleId), ['MI002']);
    assert.equal(findings[0].extracted.accountName, 'acct');
  });

  it('sorts findings by position', () => {
    const text = positives.slice(0, 20).map((c) => c.text).join('\n\n\n');
    const starts = scanText(text).map((f) => f.secretRange.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
    assert.equal(new Set(starts).size, starts.length);
  });
});

describe('prefilter keywords', () => {
  it('is short, lower-case and selective', () => {
    // The keyword kernel takes up to 128; fewer keep its vector filter selective (few buckets share a byte set).
    // What each new keyword costs is measured by `npm run bench:scan` on the real-code tree, not here.
    assert.ok(prefilterKeywords.length <= 52, `${prefilterKeywords.length} keywords`);
    for (const k of prefilterKeywords) {
      assert.equal(k, k.toLowerCase());
      assert.ok(k.length >= 2);
      assert.ok(!['key', 'secret', '://', 'code=', 'token'].includes(k), `${k} is too common`);
    }
  });

  it('every positive contains a keyword', () => {
    for (const c of positives) assert.ok(prefilterKeywords.some((k) => c.text.toLowerCase().includes(k)), c.name);
  });

  it('random texts with every secret shape but no keyword produce no finding', () => {
    const keywordFree = (s: string) => !prefilterKeywords.some((k) => s.toLowerCase().includes(k));
    const shapes = [storageKey, sbKey, clientSecret, openAiKey, idFunc, caskOpenAi, sqlPassword, '=', ';', ':', '"', "'", ' ', '\n', '://', '@', '?', '&', 'AccountName=', 'Server=', 'Endpoint=', 'https://', 'key', 'secret', 'Key=', 'token', 'code=', '.database.', '.blob.core.', 'documents.', 'Uid=', `${b64(3)}7Q~${b64(34)}`.replace('Q~', 'Q-'), hex(32), `${b64(43)}=`];
    const pieces = shapes.filter(keywordFree);
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const parts: string[] = [];
      for (let j = 0; j < 16; j++) parts.push(pieces[Math.floor(random() * pieces.length)]);
      const text = parts.join('');
      if (!keywordFree(text)) continue;
      checked++;
      assert.deepEqual(scanText(text), [], text.slice(0, 40));
    }
    assert.ok(checked > 50, `${checked} keyword-free texts checked`);
  });

  it('removing the keyword from a positive removes the finding (the keyword is what lets rules run)', () => {
    const text = `x = "${idStorage}"`.replace('+ASt', '+ASu');
    assert.deepEqual(scanText(text), []);
  });
});

describe('file types', () => {
  for (const [options, kind] of [
    [{ path: 'src/a.tsx' }, 'javascript'],
    [{ path: 'a.py' }, 'python'],
    [{ path: 'Program.cs' }, 'csharp'],
    [{ path: 'App.java' }, 'java'],
    [{ path: 'main.go' }, 'go'],
    [{ path: 'appsettings.Development.json' }, 'json'],
    [{ path: 'nb/x.ipynb' }, 'notebook'],
    [{ path: '.env' }, 'env'],
    [{ path: 'config/.env.local' }, 'env'],
    [{ path: '.github/workflows/ci.yml' }, 'yaml'],
    [{ path: 'application.properties' }, 'properties'],
    [{ path: 'main.bicep' }, 'bicep'],
    [{ path: 'main.tf' }, 'terraform'],
    [{ path: 'README.md' }, 'markdown'],
    [{ path: 'notes.txt' }, 'text'],
    [{ path: 'a.txt', languageId: 'python' }, 'python'],
  ] as const) {
    it(`${JSON.stringify(options)} → ${kind}`, () => assert.equal(fileKindOf(options), kind));
  }

  it('in code, an unquoted `password = name` is a variable; in .env it is a value', () => {
    const code = 'host = "x.postgres.database.azure.com"\npassword = db_password_from_vault\n';
    assert.deepEqual(scanText(code, { path: 'a.py' }), []);
    const env = `PGHOST=x.postgres.database.azure.com\nPGPASSWORD=${pgPassword}\n`;
    assert.equal(scanText(env, { path: '.env' })[0]?.ruleId, 'MI006');
  });
});
