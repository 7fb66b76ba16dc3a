// Uploads a nightly report to Blob Storage.
const { BlobServiceClient } = require("@azure/storage-blob");

const connectionString =
  "DefaultEndpointsProtocol=https;AccountName=contosoreports;AccountKey=HNf4W7AL6vZvY0tODcCjSeIkwFJ0i4ufWVFthdW0Ig+vO9CRdd6V0Ny1Cb3AEQWlZ5uTbqwtXr7/eJVjLnSAOg==;EndpointSuffix=core.windows.net";

async function uploadReport(name, body) {
  const client = BlobServiceClient.fromConnectionString(connectionString);
  const container = client.getContainerClient("reports");
  await container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body));
}

module.exports = { uploadReport };
