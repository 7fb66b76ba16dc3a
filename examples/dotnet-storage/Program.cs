// Uploads the nightly invoice summary to Blob Storage.
using Azure.Storage.Blobs;

const string connectionString =
    "DefaultEndpointsProtocol=https;AccountName=contosoinvoices;AccountKey=+ERvi79HS41ET0YYfUjzsQ8DjhErX2n1X/6ELeNkmJHoJ3NtoKiRH5eREgQVwI3Fq4MUt/oBFZKLB8sUINbnZg==;EndpointSuffix=core.windows.net";

var service = new BlobServiceClient(connectionString);
var container = service.GetBlobContainerClient("invoices");
await container.CreateIfNotExistsAsync();

var name = $"summary-{DateTime.UtcNow:yyyy-MM-dd}.txt";
await container.UploadBlobAsync(name, BinaryData.FromString("Invoices issued: 42"));
Console.WriteLine($"Uploaded {name}");
