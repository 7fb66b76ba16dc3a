const { BlobServiceClient } = require("@azure/storage-blob");

// The sandbox's storage account in Contoso Sandbox; the key is made up.
const connectionString =
  "DefaultEndpointsProtocol=https;AccountName=stplayground01;AccountKey=k8Ic0yV4JLPRmtayQcr+uldPjyA8bmnsaUWkUUZdMwAHZMgSHwqTEwmC6zD/zuylixROi8hYyGIaJP0zFn0U5Q==;EndpointSuffix=core.windows.net";

async function uploadBlob(name, body) {
  const client = BlobServiceClient.fromConnectionString(connectionString);
  const container = client.getContainerClient("uploads");
  await container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body));
}

module.exports = { uploadBlob };
