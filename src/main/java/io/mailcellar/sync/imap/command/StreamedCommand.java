package io.mailcellar.sync.imap.command;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends one command on an open folder and hands each FETCH response to the
 * consumer as it arrives, everything else to Angus. It is Angus's own command
 * loop ({@code Protocol.command}), but without first collecting every
 * response of a command that may bring megabytes. Should the consumer fail,
 * the rest of the answer is still read (and dropped), so the connection stays
 * usable, and the failure is thrown after.
 */
final class StreamedCommand {

    private static final Logger LOG = Logger.getLogger(StreamedCommand.class);

    /** Takes one FETCH response. */
    @FunctionalInterface
    interface FetchConsumer {
        void accept(FetchResponse response) throws MessagingException;
    }

    private StreamedCommand() {
    }

    static void fetch(IMAPFolder folder, String command, FetchConsumer consumer) throws MessagingException {
        fetch(folder, command, consumer, unparsed -> LOG.debugf(
                "skipping a response the IMAP server sent that cannot be parsed: %s", unparsed));
    }

    /** As above; {@code unparsed} hears of each response that could not be parsed, which is skipped. */
    static void fetch(IMAPFolder folder, String command, FetchConsumer consumer, Consumer<String> unparsed)
            throws MessagingException {
        Exception[] failure = {null};
        folder.doCommand(protocol -> {
            List<Response> others = new ArrayList<>();
            Response result = streamed(protocol, command, unparsed, response -> {
                if (!(response instanceof FetchResponse fetch)) {
                    others.add(response);
                } else if (failure[0] == null) {
                    try {
                        consumer.accept(fetch);
                    } catch (MessagingException | RuntimeException e) {
                        failure[0] = e;
                    }
                }
            });
            others.add(result);
            protocol.notifyResponseHandlers(others.toArray(Response[]::new));
            protocol.handleResult(result);
            return null;
        });
        if (failure[0] instanceof MessagingException e) {
            throw e;
        } else if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
    }

    /** The tagged result of the command (or the server's BYE), after each other response went to {@code each}. */
    private static Response streamed(IMAPProtocol protocol, String command, Consumer<String> unparsed,
                                     Consumer<Response> each) {
        String tag;
        try {
            tag = protocol.writeCommand(command, null);
        } catch (Exception e) {
            return Response.byeResponse(e);
        }
        Response bye = null;
        while (true) {
            Response response;
            try {
                response = protocol.readResponse();
            } catch (IOException e) {
                // The connection is gone: after a BYE that is expected, else it is the failure.
                return bye != null ? bye : Response.byeResponse(e);
            } catch (ProtocolException e) {
                unparsed.accept(String.valueOf(e.getMessage()));
                continue;
            }
            if (response.isBYE()) {
                bye = response;
            } else if (response.isTagged() && tag.equals(response.getTag())) {
                return bye != null ? bye : response;
            } else {
                each.accept(response);
            }
        }
    }
}
