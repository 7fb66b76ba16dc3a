const { BlobServiceClient } = require("@azure/storage-blob");

const connectionString =
  "DefaultEndpointsProtocol=https;AccountName=contosoreports;AccountKey=Rpg9ey5tVCwiwR3o5ZyiGG0SKRkqNWK2Sihb0ffqvx6cRmsE/rPjHh07Cj45o9+FSyJmyym1CTT9ZJv6MKB8ww==;EndpointSuffix=core.windows.net";

async function uploadReport(name, body) {
  const client = BlobServiceClient.fromConnectionString(connectionString);
  const container = client.getContainerClient("reports");
  await container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body));
}

module.exports = { uploadReport };
