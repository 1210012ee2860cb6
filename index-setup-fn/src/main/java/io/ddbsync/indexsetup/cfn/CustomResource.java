package io.ddbsync.indexsetup.cfn;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The custom resource protocol around one piece of work: Create and Update run it, Delete does
 * nothing (the indices and their documents stay), and every request gets a response, also when the
 * work throws or runs past its deadline, so the stack never waits for the hour CloudFormation allows.
 */
public final class CustomResource {

  /** The work of Create and Update; returns the response's reason (what was done). */
  @FunctionalInterface
  public interface Work {
    String run(CustomResourceEvent event) throws Exception;
  }

  private final Work work;
  private final ResponseSender sender;

  public CustomResource(Work work, ResponseSender sender) {
    this.work = work;
    this.sender = sender;
  }

  /**
   * Answers {@code event}, giving the work at most {@code timeLeft}.
   *
   * @throws IOException when the response could not be sent
   */
  public CustomResourceResponse handle(CustomResourceEvent event, Duration timeLeft) throws IOException {
    CustomResourceResponse response = respond(event, timeLeft);
    sender.send(event.responseUrl(), response);
    return response;
  }

  /** Answers a request whose work cannot even start (e.g. bad configuration). */
  public static CustomResourceResponse refuse(CustomResourceEvent event, String reason) {
    if (event.requestType() == CustomResourceEvent.RequestType.Delete) {
      // Nothing to undo; failing a delete would leave the stack stuck in DELETE_FAILED.
      return CustomResourceResponse.success(event, physicalId(event), "nothing to delete: " + reason);
    }
    return CustomResourceResponse.failure(event, physicalId(event), reason);
  }

  private CustomResourceResponse respond(CustomResourceEvent event, Duration timeLeft) {
    if (event.requestType() == CustomResourceEvent.RequestType.Delete) {
      return CustomResourceResponse.success(event, physicalId(event), "indices and documents are kept");
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "custom-resource-work");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<String> done = executor.submit(() -> work.run(event));
      return CustomResourceResponse.success(event, physicalId(event), done.get(timeLeft.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return CustomResourceResponse.failure(event, physicalId(event),
          "did not finish within " + timeLeft.toSeconds() + " s; is OpenSearch reachable from the function"
              + " (VPC subnets, security group, endpoint)? See the function's log");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return CustomResourceResponse.failure(event, physicalId(event),
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CustomResourceResponse.failure(event, physicalId(event), "interrupted");
    } finally {
      executor.shutdownNow();
    }
  }

  /** Kept across updates: a new id would make CloudFormation delete the "old" resource. */
  static String physicalId(CustomResourceEvent event) {
    return event.physicalResourceId().orElse("ddbsync-index-setup-" + event.logicalResourceId());
  }
}
