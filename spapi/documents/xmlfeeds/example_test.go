package xmlfeeds_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/spgen/spgen/mwsxml"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapi/documents/xmlfeeds"
	"github.com/spgen/spgen/spapitest"
)

// The seed's tracking-number feed submitted through the Feeds API
// (against the offline sandbox, package spapitest): build the envelope,
// createFeedDocument (text/xml; charset=UTF-8), upload, createFeed
// POST_ORDER_FULFILLMENT_DATA, poll getFeed, download and parse the
// processing report.
func ExampleSubmitFulfillment() {
	sb, err := spapitest.New(spapitest.Models("../../../../shared/models/spapi"), spapitest.Only("feeds_2021-06-30.json"))
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	defer sb.Close()
	// In production: spapi.New with a Region and LWA credentials.
	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	feeds, err := documents.NewFeeds(c, documents.WithPollInterval(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}

	res, err := xmlfeeds.SubmitFulfillment(context.Background(), feeds, "A1EXAMPLE2SELLER", []string{"ATVPDKIKX0DER"},
		&mwsxml.OrderFulfillment{
			MerchantOrderID: mwsxml.Ptr[mwsxml.String]("A"),
			FulfillmentDate: mwsxml.NewDateTime(time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC)),
			FulfillmentData: &mwsxml.OrderFulfillmentData{
				CarrierName:           mwsxml.Ptr[mwsxml.String]("USPS"),
				ShippingMethod:        mwsxml.Ptr[mwsxml.String]("USPS First Class"),
				ShipperTrackingNumber: mwsxml.Ptr[mwsxml.String]("C"),
			},
			Item: []mwsxml.OrderFulfillmentItem{{
				MerchantOrderItemID: mwsxml.Ptr[mwsxml.String]("B"),
				Quantity:            mwsxml.Ptr[int64](1),
			}},
		})
	if err != nil {
		log.Fatal(err)
	}
	processed, ok, failed, _ := res.Report.Counts()
	fmt.Println("feed", res.FeedID, res.Status)
	fmt.Println("uploaded", res.Messages, "message(s), Content-MD5", res.ContentMD5)
	fmt.Printf("report %s: %d processed, %d successful, %d with error\n", res.Report.StatusCode, processed, ok, failed)
	// Output:
	// feed 60000000001 DONE
	// uploaded 1 message(s), Content-MD5 c5tPn/JlKU1ZdNoT0UpRCg==
	// report Complete: 1 processed, 1 successful, 0 with error
}
