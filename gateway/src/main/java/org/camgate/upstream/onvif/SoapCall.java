package org.camgate.upstream.onvif;

import java.time.Duration;
import java.util.function.Supplier;

/** Runs one SOAP call and turns any failure into an {@link OnvifException} naming camera and operation. */
final class SoapCall {
    private SoapCall() {
    }

    static <T> T run(String cameraId, String operation, String address, Duration timeout, Supplier<T> call) {
        try {
            T answer = call.get();
            if (answer == null) {
                throw new OnvifException(cameraId, operation, OnvifFailure.BAD_ANSWER,
                        "empty answer (" + address + ")", null);
            }
            return answer;
        } catch (RuntimeException e) {
            throw FailureTranslator.translate(cameraId, operation, address, timeout, e);
        }
    }
}
