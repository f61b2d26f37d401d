package mwsxml_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/spgen/spgen/mwsxml"
)

// The tracking-number feed of the MWS Feeds article (seeds/003): order A,
// order item B, one unit, shipped with USPS "USPS First Class", tracking
// number C. "A" and "B" are not Amazon IDs (an AmazonOrderID looks like
// 112-3456789-0123456), so the message names the order and the item by
// the seller's own IDs, the schema's alternative in both choices.
func ExampleEnvelopeWriter() {
	var feed strings.Builder
	w, err := mwsxml.NewEnvelopeWriter(&feed, &mwsxml.AmazonEnvelope{
		Header:      &mwsxml.Header{DocumentVersion: "1.01", MerchantIdentifier: "A1EXAMPLE2SELLER"},
		MessageType: mwsxml.AmazonEnvelopeMessageTypeOrderFulfillment,
	})
	if err != nil {
		log.Fatal(err)
	}
	id, err := w.WriteBody(&mwsxml.OrderFulfillment{
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
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("MessageID:", id)
	fmt.Print(feed.String())
	fmt.Println("Content-MD5:", w.ContentMD5())
	// Output:
	// MessageID: 1
	// <?xml version="1.0" encoding="UTF-8"?>
	// <AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd"><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>A1EXAMPLE2SELLER</MerchantIdentifier></Header><MessageType>OrderFulfillment</MessageType>
	// <Message><MessageID>1</MessageID><OrderFulfillment><MerchantOrderID>A</MerchantOrderID><FulfillmentDate>2024-03-05T14:30:00Z</FulfillmentDate><FulfillmentData><CarrierName>USPS</CarrierName><ShippingMethod>USPS First Class</ShippingMethod><ShipperTrackingNumber>C</ShipperTrackingNumber></FulfillmentData><Item><MerchantOrderItemID>B</MerchantOrderItemID><Quantity>1</Quantity></Item></OrderFulfillment></Message>
	// </AmazonEnvelope>
	// Content-MD5: c5tPn/JlKU1ZdNoT0UpRCg==
}

// The seed's feed taken literally, with "A" and "B" as AmazonOrderID and
// AmazonOrderItemCode: validation rejects it before anything is uploaded,
// naming the MessageID and the element of each violation.
func ExampleValidationError() {
	w, err := mwsxml.NewEnvelopeWriter(new(strings.Builder), &mwsxml.AmazonEnvelope{
		Header:      &mwsxml.Header{DocumentVersion: "1.01", MerchantIdentifier: "A1EXAMPLE2SELLER"},
		MessageType: mwsxml.AmazonEnvelopeMessageTypeOrderFulfillment,
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = w.WriteBody(&mwsxml.OrderFulfillment{
		AmazonOrderID:   mwsxml.Ptr[mwsxml.AmazonOrderID]("A"),
		FulfillmentDate: mwsxml.NewDateTime(time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC)),
		FulfillmentData: &mwsxml.OrderFulfillmentData{
			CarrierName:           mwsxml.Ptr[mwsxml.String]("USPS"),
			ShippingMethod:        mwsxml.Ptr[mwsxml.String]("USPS First Class"),
			ShipperTrackingNumber: mwsxml.Ptr[mwsxml.String]("C"),
		},
		Item: []mwsxml.OrderFulfillmentItem{{
			AmazonOrderItemCode: mwsxml.Ptr[mwsxml.AmazonOrderItemCode]("B"),
			Quantity:            mwsxml.Ptr[int64](1),
		}},
	})
	var ve *mwsxml.ValidationError
	if errors.As(err, &ve) {
		for _, v := range ve.Violations {
			fmt.Println(v)
		}
	}
	// Output:
	// MessageID 1: Message/OrderFulfillment/AmazonOrderID: pattern: "A" does not match the pattern \w{3}-\w{7}-\w{7}
	// MessageID 1: Message/OrderFulfillment/Item[1]/AmazonOrderItemCode: pattern: "B" does not match the pattern \d{14}
}

// Reading the processing report Amazon returns for a feed.
func ExampleReadReport() {
	f, err := os.Open("testdata/feeds/processing_report.xml")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	rep, err := mwsxml.ReadReport(f)
	if err != nil {
		log.Fatal(err)
	}
	processed, ok, failed, warned := rep.Counts()
	fmt.Printf("%s: %d processed, %d successful, %d with error, %d with warning\n", rep.StatusCode, processed, ok, failed, warned)
	for id, res := range rep.Results() {
		for _, e := range res.Errors {
			fmt.Printf("MessageID %d: error %d: %s\n", id, e.ResultMessageCode, e.ResultDescription)
		}
		for _, e := range res.Warnings {
			fmt.Printf("MessageID %d: warning %d: %s\n", id, e.ResultMessageCode, e.ResultDescription)
		}
	}
	fmt.Println(rep.Err())
	// Output:
	// Complete: 3 processed, 1 successful, 1 with error, 1 with warning
	// MessageID 2: error 18028: The data you submitted is incomplete or invalid.
	// MessageID 3: warning 8560: SKU MUG-RED-350: the shipping date is in the future.
	// mwsxml: feed Complete (document transaction 50012345678): 3 message(s) processed, 1 successful, 1 with errors, 1 message(s) failed; MessageID 2: 18028 The data you submitted is incomplete or invalid.
}
