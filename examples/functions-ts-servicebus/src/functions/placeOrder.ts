// HTTP-triggered function (Azure Functions v4, Node.js programming model) that queues an order on Service Bus.
import { app, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { ServiceBusClient } from "@azure/service-bus";

interface Order {
  id: string;
  items: { sku: string; quantity: number }[];
}

const client = new ServiceBusClient(
  "Endpoint=sb://contoso-orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=IDufZco63PJAQh86vP+KcKtK0mPjqqKZQ7D0WxWmZkc="
);
const sender = client.createSender("orders");

export async function placeOrder(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const order = (await request.json()) as Order;
  if (!order?.id || !Array.isArray(order.items) || order.items.length === 0) {
    return { status: 400, jsonBody: { error: "An order needs an id and at least one item." } };
  }
  await sender.sendMessages({ body: order, contentType: "application/json", messageId: order.id });
  context.log(`Queued order ${order.id} with ${order.items.length} item(s)`);
  return { status: 202, jsonBody: { id: order.id } };
}

app.http("placeOrder", { methods: ["POST"], authLevel: "function", handler: placeOrder });
