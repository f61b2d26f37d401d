package spapitest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// A usage plan tested on virtual time: getOrder allows 0.5 requests a
// second after a burst of 30, so 40 calls need 20 s; the client's rate
// limiter waits them on the sandbox's clock, which jumps instead of
// sleeping, and the sandbox enforcing the plan throttles none.
func ExampleNewVirtualClock() {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sb, err := spapitest.New(spapitest.Models("../../shared/models/spapi"), spapitest.Only("ordersV0.json"),
		spapitest.EnforcePlans(), spapitest.WithClock(spapitest.NewVirtualClock(start)))
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	defer sb.Close()

	c, err := spapi.New(sb.Config(), sb.Options()...)
	if err != nil {
		log.Fatal(err)
	}
	orders, err := ordersv0.New(c)
	if err != nil {
		log.Fatal(err)
	}
	for range 40 {
		if _, err := orders.GetOrder(context.Background(), "TEST_CASE_200"); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("virtual time passed:", sb.Clock().Now().Sub(start))
	fmt.Println("within plans:", sb.WithinPlans() == nil)
	// Output:
	// virtual time passed: 20s
	// within plans: true
}
