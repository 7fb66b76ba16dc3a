import { ServiceBusClient } from "@azure/service-bus";

const client = new ServiceBusClient(
  "Endpoint=sb://contoso-orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=O51BdJFRtZwgQAw7PTvznLfjX7PTHraCKN8X7PTitZV=",
);

export async function publish(body: string): Promise<void> {
  const sender = client.createSender("orders");
  await sender.sendMessages({ body });
  await sender.close();
}
