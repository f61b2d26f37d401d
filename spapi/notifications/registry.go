package notifications

import (
	"github.com/spgen/spgen/spapi/messaging/actionschema"

	"github.com/spgen/spgen/generated/schemas/notifications/anyofferchangednotification"
	"github.com/spgen/spgen/generated/schemas/notifications/b2banyofferchangednotification"
	"github.com/spgen/spgen/generated/schemas/notifications/brandeditemcontentchangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/datakioskqueryprocessingfinishednotification"
	"github.com/spgen/spgen/generated/schemas/notifications/detailpagetrafficeventnotification"
	"github.com/spgen/spgen/generated/schemas/notifications/fbainventoryavailabilitychangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/fbaoutboundshipmentstatusnotification"
	"github.com/spgen/spgen/generated/schemas/notifications/feedprocessingfinishednotification"
	"github.com/spgen/spgen/generated/schemas/notifications/feepromotionnotification"
	"github.com/spgen/spgen/generated/schemas/notifications/fulfillmentorderstatusnotification"
	"github.com/spgen/spgen/generated/schemas/notifications/iteminventoryeventchangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/itemproducttypechangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/itemsaleseventchangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/listingsitemissueschangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/listingsitemissueschangenotification20231213"
	"github.com/spgen/spgen/generated/schemas/notifications/listingsitemmfnquantitychange"
	"github.com/spgen/spgen/generated/schemas/notifications/listingsitemstatuschangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/orderchangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/pricinghealthnotification"
	"github.com/spgen/spgen/generated/schemas/notifications/producttypedefinitionschangenotification"
	"github.com/spgen/spgen/generated/schemas/notifications/reportprocessingfinishednotification"
	"github.com/spgen/spgen/generated/schemas/notifications/shipmenttrackingmilestonechangednotification"
	"github.com/spgen/spgen/generated/schemas/notifications/transactionupdatenotification"
)

// Kind is one notification type Parse decodes into a generated type.
type Kind struct {
	// Type is the NotificationType Amazon sends, e.g. "ANY_OFFER_CHANGED".
	Type string
	// PayloadVersion selects between schemas of one type; "" matches any
	// version no other Kind of the type claims.
	PayloadVersion string
	// Schema is the file under models/schemas/notifications the type was
	// generated from.
	Schema string

	new func() actionschema.Document
}

// kinds lists the 23 notification schemas. LISTINGS_ITEM_ISSUES_CHANGE has
// two (payload versions 1.0 and 2023-12-13).
var kinds = []Kind{
	{Type: "ANY_OFFER_CHANGED", PayloadVersion: "", Schema: "AnyOfferChangedNotification.json", new: func() actionschema.Document { return new(anyofferchangednotification.AnyOfferChangedNotification) }},
	{Type: "B2B_ANY_OFFER_CHANGED", PayloadVersion: "", Schema: "B2bAnyOfferChangedNotification.json", new: func() actionschema.Document {
		return new(b2banyofferchangednotification.B2bAnyOfferChangedNotification)
	}},
	{Type: "BRANDED_ITEM_CONTENT_CHANGE", PayloadVersion: "", Schema: "BrandedItemContentChangeNotification.json", new: func() actionschema.Document {
		return new(brandeditemcontentchangenotification.BrandedItemContentChangeNotification)
	}},
	{Type: "DATA_KIOSK_QUERY_PROCESSING_FINISHED", PayloadVersion: "", Schema: "DataKioskQueryProcessingFinishedNotification.json", new: func() actionschema.Document {
		return new(datakioskqueryprocessingfinishednotification.DataKioskQueryProcessingFinishedNotification)
	}},
	{Type: "DETAIL_PAGE_TRAFFIC_EVENT", PayloadVersion: "", Schema: "DetailPageTrafficEventNotification.json", new: func() actionschema.Document {
		return new(detailpagetrafficeventnotification.DetailPageTrafficEventNotification)
	}},
	{Type: "FBA_INVENTORY_AVAILABILITY_CHANGES", PayloadVersion: "", Schema: "FBAInventoryAvailabilityChangeNotification.json", new: func() actionschema.Document {
		return new(fbainventoryavailabilitychangenotification.FBAInventoryAvailabilityChangeNotification)
	}},
	{Type: "FBA_OUTBOUND_SHIPMENT_STATUS", PayloadVersion: "", Schema: "FBAOutboundShipmentStatusNotification.json", new: func() actionschema.Document {
		return new(fbaoutboundshipmentstatusnotification.FBAOutboundShipmentStatusNotification)
	}},
	{Type: "FEED_PROCESSING_FINISHED", PayloadVersion: "", Schema: "FeedProcessingFinishedNotification.json", new: func() actionschema.Document {
		return new(feedprocessingfinishednotification.FeedProcessingFinishedNotification)
	}},
	{Type: "FEE_PROMOTION", PayloadVersion: "", Schema: "FeePromotionNotification.json", new: func() actionschema.Document { return new(feepromotionnotification.FeePromotionNotification) }},
	{Type: "FULFILLMENT_ORDER_STATUS", PayloadVersion: "", Schema: "FulfillmentOrderStatusNotification.json", new: func() actionschema.Document {
		return new(fulfillmentorderstatusnotification.FulfillmentOrderStatusNotification)
	}},
	{Type: "ITEM_INVENTORY_EVENT_CHANGE", PayloadVersion: "", Schema: "ItemInventoryEventChangeNotification.json", new: func() actionschema.Document {
		return new(iteminventoryeventchangenotification.ItemInventoryEventChangeNotification)
	}},
	{Type: "ITEM_PRODUCT_TYPE_CHANGE", PayloadVersion: "", Schema: "ItemProductTypeChangeNotification.json", new: func() actionschema.Document {
		return new(itemproducttypechangenotification.ItemProductTypeChangeNotification)
	}},
	{Type: "ITEM_SALES_EVENT_CHANGE", PayloadVersion: "", Schema: "ItemSalesEventChangeNotification.json", new: func() actionschema.Document {
		return new(itemsaleseventchangenotification.ItemSalesEventChangeNotification)
	}},
	{Type: "LISTINGS_ITEM_ISSUES_CHANGE", PayloadVersion: "", Schema: "ListingsItemIssuesChangeNotification.json", new: func() actionschema.Document {
		return new(listingsitemissueschangenotification.ListingsItemIssuesChangeNotification)
	}},
	{Type: "LISTINGS_ITEM_ISSUES_CHANGE", PayloadVersion: "2023-12-13", Schema: "ListingsItemIssuesChangeNotification20231213.json", new: func() actionschema.Document {
		return new(listingsitemissueschangenotification20231213.ListingsItemIssuesChangeNotification20231213)
	}},
	{Type: "LISTINGS_ITEM_MFN_QUANTITY_CHANGE", PayloadVersion: "", Schema: "ListingsItemMfnQuantityChange.json", new: func() actionschema.Document { return new(listingsitemmfnquantitychange.ListingsItemMfnQuantityChange) }},
	{Type: "LISTINGS_ITEM_STATUS_CHANGE", PayloadVersion: "", Schema: "ListingsItemStatusChangeNotification.json", new: func() actionschema.Document {
		return new(listingsitemstatuschangenotification.ListingsItemStatusChangeNotification)
	}},
	{Type: "ORDER_CHANGE", PayloadVersion: "", Schema: "OrderChangeNotification.json", new: func() actionschema.Document { return new(orderchangenotification.OrderChangeNotification) }},
	{Type: "PRICING_HEALTH", PayloadVersion: "", Schema: "PricingHealthNotification.json", new: func() actionschema.Document { return new(pricinghealthnotification.PricingHealthNotification) }},
	{Type: "PRODUCT_TYPE_DEFINITIONS_CHANGE", PayloadVersion: "", Schema: "ProductTypeDefinitionsChangeNotification.json", new: func() actionschema.Document {
		return new(producttypedefinitionschangenotification.ProductTypeDefinitionsChangeNotification)
	}},
	{Type: "REPORT_PROCESSING_FINISHED", PayloadVersion: "", Schema: "ReportProcessingFinishedNotification.json", new: func() actionschema.Document {
		return new(reportprocessingfinishednotification.ReportProcessingFinishedNotification)
	}},
	{Type: "SHIPMENT_TRACKING_MILESTONE_CHANGED", PayloadVersion: "", Schema: "ShipmentTrackingMilestoneChangedNotification.json", new: func() actionschema.Document {
		return new(shipmenttrackingmilestonechangednotification.ShipmentTrackingMilestoneChangedNotification)
	}},
	{Type: "TRANSACTION_UPDATE", PayloadVersion: "", Schema: "TransactionUpdateNotification.json", new: func() actionschema.Document { return new(transactionupdatenotification.TransactionUpdateNotification) }},
}

// aliases maps spellings Amazon's own files use for a type to the type:
// ListingsItemStatusChangeNotification.json's enum says
// "LISTINGS_ITEM_STATUS_CHANGED", its example and the documentation
// "LISTINGS_ITEM_STATUS_CHANGE".
var aliases = map[string]string{
	"LISTINGS_ITEM_STATUS_CHANGED": "LISTINGS_ITEM_STATUS_CHANGE",
}

// Kinds returns the notification types Parse knows.
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// lookup returns the Kind for a type and payload version.
func lookup(typ, version string) (Kind, bool) {
	if a, ok := aliases[typ]; ok {
		typ = a
	}
	var fallback *Kind
	for i := range kinds {
		k := &kinds[i]
		if k.Type != typ {
			continue
		}
		if k.PayloadVersion == version {
			return *k, true
		}
		if k.PayloadVersion == "" {
			fallback = k
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return Kind{}, false
}
