package org.camgate.onvif;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.wsdl.interceptors.DocLiteralInInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.service.model.MessagePartInfo;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Answers a request for an operation this service does not have with ONVIF's
 * {@code env:Receiver / ter:ActionNotSupported} fault, instead of CXF's generic client fault.
 */
final class UnknownOperationInterceptor extends AbstractSoapInterceptor {

    UnknownOperationInterceptor() {
        super(Phase.UNMARSHAL);
        addBefore(DocLiteralInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        XMLStreamReader reader = message.getContent(XMLStreamReader.class);
        if (reader == null || reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
            return;
        }
        QName body = reader.getName();
        for (BindingOperationInfo op : message.getExchange().getEndpoint().getEndpointInfo().getBinding().getOperations()) {
            for (MessagePartInfo part : op.getOperationInfo().getInput().getMessageParts()) {
                if (body.equals(part.getElementQName())) {
                    return;
                }
            }
        }
        throw OnvifFaults.actionNotSupported(body.getLocalPart());
    }
}
