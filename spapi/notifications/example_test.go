package notifications_test

import (
	"context"
	"fmt"

	"github.com/spgen/spgen/generated/schemas/notifications/feedprocessingfinishednotification"
	"github.com/spgen/spgen/generated/schemas/notifications/orderchangenotification"
	"github.com/spgen/spgen/spapi/notifications"
)

// queue is what an SQS consumer needs of its client (the AWS SDK's
// ReceiveMessage/DeleteMessage, reduced to bodies and receipt handles).
type queue interface {
	Receive(ctx context.Context) (body []byte, receipt string, ok bool)
	Delete(ctx context.Context, receipt string)
}

// fakeQueue hands out fixed bodies.
type fakeQueue struct{ bodies [][]byte }

func (q *fakeQueue) Receive(context.Context) ([]byte, string, bool) {
	if len(q.bodies) == 0 {
		return nil, "", false
	}
	b := q.bodies[0]
	q.bodies = q.bodies[1:]
	return b, "receipt", true
}

func (q *fakeQueue) Delete(context.Context, string) {}

// An SQS consumer calling one function per notification type; a message is
// deleted once handled, and one that cannot be parsed is left for the
// queue's redrive policy.
func Example() {
	ctx := context.Background()
	var q queue = &fakeQueue{bodies: [][]byte{
		[]byte(`{"NotificationVersion":"1.0","NotificationType":"ORDER_CHANGE","PayloadVersion":"1.0","EventTime":"2026-12-01T10:00:00Z",
		  "Payload":{"OrderChangeNotification":{"NotificationLevel":"OrderLevel","SellerId":"A3TH9S8BH6GOGM","AmazonOrderId":"902-1845936-5435065",
		  "OrderChangeType":"OrderStatusChange","OrderChangeTrigger":{"TimeOfOrderChange":"2026-12-01T10:00:00Z","ChangeReason":"OrderStatusChange"},
		  "Summary":{"MarketplaceId":"ATVPDKIKX0DER","OrderStatus":"Shipped","PurchaseDate":null,"DestinationPostalCode":null,"FulfillmentType":"MFN","OrderType":"StandardOrder","OrderPrograms":[],"ShippingPrograms":[],"EasyShipShipmentStatus":"PendingPickUp","ElectronicInvoiceStatus":"NotRequired","OrderItems":[]}}},
		  "NotificationMetadata":{"ApplicationId":"amzn1.sellerapps.app.x","SubscriptionId":"s","PublishTime":"2026-12-01T10:00:01Z","NotificationId":"n"}}`),
		[]byte(`{"NotificationType":"SOMETHING_NEW","Payload":{}}`),
	}}
	for {
		body, receipt, ok := q.Receive(ctx)
		if !ok {
			break
		}
		n, err := notifications.Parse(body)
		if err != nil {
			fmt.Println("left on the queue:", err)
			continue
		}
		switch v := n.Value.(type) {
		case *orderchangenotification.OrderChangeNotification:
			o := v.Payload.OrderChangeNotification
			fmt.Println(n.Type, o.AmazonOrderID, o.OrderChangeType)
		case *feedprocessingfinishednotification.FeedProcessingFinishedNotification:
			fmt.Println(n.Type, v.Payload.FeedProcessingFinishedNotification.FeedID)
		default:
			fmt.Println("not handled:", n.Type, n.Known)
		}
		q.Delete(ctx, receipt)
	}
	// Output:
	// ORDER_CHANGE 902-1845936-5435065 OrderStatusChange
	// not handled: SOMETHING_NEW false
}
