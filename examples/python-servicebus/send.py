"""Publishes order events to Service Bus."""
from azure.servicebus import ServiceBusClient, ServiceBusMessage

CONNECTION_STR = "Endpoint=sb://contoso-orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=Tkga+CofbLb5U/FULpQlh7btpujwvCldyB//aBpGG+s="


def publish(body: str) -> None:
    with ServiceBusClient.from_connection_string(CONNECTION_STR) as client:
        with client.get_queue_sender("orders") as sender:
            sender.send_messages(ServiceBusMessage(body))
