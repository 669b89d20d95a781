package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A request the guard refused for want of a heavy-operation slot is
// answered 503 with Retry-After and no data key.
func TestFinishBusy(t *testing.T) {
	rec := &recorder{header: http.Header{"Content-Type": {"application/json"}}, status: http.StatusUnprocessableEntity, body: new(bytes.Buffer)}
	rec.Write([]byte(`{"errors":[{"message":"busy","extensions":{"code":"SERVICE_UNAVAILABLE"}}],"data":null}`))
	w := httptest.NewRecorder()
	finish(w, rec, false)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || strings.Contains(w.Body.String(), `"data"`) {
		t.Errorf("busy answer = %d %q %s; want 503 with Retry-After and no data key", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
}

func TestFinishCapsErrors(t *testing.T) {
	var errs []string
	for i := 0; i < 120; i++ {
		errs = append(errs, fmt.Sprintf(`{"message":"e%d"}`, i))
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK, body: new(bytes.Buffer)}
	rec.Write([]byte(`{"errors":[` + strings.Join(errs, ",") + `],"data":null}`))
	w := httptest.NewRecorder()
	finish(w, rec, false)
	body := w.Body.String()
	if strings.Count(body, `"message"`) != maxErrors+1 || !strings.Contains(body, "70 more errors were left out") {
		t.Errorf("120 errors became %d messages: %.200s…; want %d and a note", strings.Count(body, `"message"`), body, maxErrors+1)
	}
}
