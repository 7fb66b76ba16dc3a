module github.com/contoso/order-publisher

go 1.22

require github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus v1.7.1
