// Command order-publisher sends order events to a Service Bus queue.
package main

import (
	"context"
	"log"
	"os"

	"github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"
)

func main() {
	connectionString := "Endpoint=sb://contoso-orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=jfoMHB0X0HsqcGCR5IuylHxIvtH2xg3F5JoQHCJn8/g="
	client, err := azservicebus.NewClientFromConnectionString(connectionString, nil)
	if err != nil {
		log.Fatalf("service bus client: %v", err)
	}
	defer client.Close(context.Background())

	sender, err := client.NewSender("orders", nil)
	if err != nil {
		log.Fatalf("sender: %v", err)
	}
	defer sender.Close(context.Background())

	for _, order := range os.Args[1:] {
		if err := sender.SendMessage(context.Background(), &azservicebus.Message{Body: []byte(order)}, nil); err != nil {
			log.Fatalf("send %s: %v", order, err)
		}
	}
}
