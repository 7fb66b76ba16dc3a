package com.contoso.invoices;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import java.nio.file.Path;

/** Archives invoice PDFs to Blob Storage. */
public final class App {
    private static final String STORAGE_CONNECTION_STRING = "DefaultEndpointsProtocol=https;AccountName=contosoinvoices;AccountKey=f1tmfQ7+u0kFLSvefmMRyqFeL746xriPZ9pCUFXNufsHPkgPCxwCOE84o44KL1dv2pI8T8vTJj/uDjO60zyirw==;EndpointSuffix=core.windows.net";

    public static void main(String[] args) {
        BlobServiceClient service = new BlobServiceClientBuilder()
                .connectionString(STORAGE_CONNECTION_STRING)
                .buildClient();
        BlobContainerClient invoices = service.getBlobContainerClient("invoices");
        invoices.createIfNotExists();
        for (String file : args) {
            Path path = Path.of(file);
            invoices.getBlobClient(path.getFileName().toString()).uploadFromFile(path.toString(), true);
        }
    }
}
