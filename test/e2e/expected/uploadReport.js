const { BlobServiceClient } = require("@azure/storage-blob");
const { DefaultAzureCredential } = require("@azure/identity");

async function uploadReport(name, body) {
  const client = new BlobServiceClient("https://contosoreports.blob.core.windows.net", new DefaultAzureCredential());
  const container = client.getContainerClient("reports");
  await container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body));
}

module.exports = { uploadReport };
