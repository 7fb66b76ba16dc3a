import { ServiceBusClient } from "@azure/service-bus";
import { DefaultAzureCredential } from "@azure/identity";

const client = new ServiceBusClient(
  "contoso-orders.servicebus.windows.net",
  new DefaultAzureCredential(),
);

export async function publish(body: string): Promise<void> {
  const sender = client.createSender("orders");
  await sender.sendMessages({ body });
  await sender.close();
}
