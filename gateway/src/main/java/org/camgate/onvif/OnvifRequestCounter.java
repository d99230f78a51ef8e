package org.camgate.onvif;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * Counts ONVIF requests per operation ({@code camgate.onvif.requests{service,operation}}), before authentication,
 * so refused ones count too. Only operations the services declare become labels (the binding's operation, resolved
 * by CXF from the WSDL); requests for anything else are answered earlier and not counted here.
 */
final class OnvifRequestCounter extends AbstractSoapInterceptor {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    OnvifRequestCounter(MeterRegistry registry) {
        super(Phase.PRE_INVOKE);
        addBefore(OnvifAuthInterceptor.class.getName());
        this.registry = registry;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        BindingOperationInfo op = message.getExchange().getBindingOperationInfo();
        if (op == null) {
            return;
        }
        count(op.getBinding().getService().getName().getLocalPart(), op.getName().getLocalPart());
    }

    /** Counts one request; also for the operations {@link OnvifFastPath} answers without CXF. */
    void count(String service, String operation) {
        counters.computeIfAbsent(service + "/" + operation, k -> Counter.builder("camgate.onvif.requests")
                .description("ONVIF requests received, per service and operation (refused ones included)")
                .tag("service", service).tag("operation", operation).register(registry)).increment();
    }
}
