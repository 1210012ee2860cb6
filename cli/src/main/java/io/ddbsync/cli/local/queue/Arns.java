package io.ddbsync.cli.local.queue;

import java.net.URI;

/** The ARNs local resources present to the functions, shaped like AWS's. */
public final class Arns {

  /** The account id local resources claim; the same placeholder LocalStack and SAM use. */
  public static final String ACCOUNT = "000000000000";

  private Arns() {}

  /** {@code arn:aws:sqs:<region>:000000000000:<queue name>}, the name being the URL's last segment. */
  public static String queue(String region, URI queueUrl) {
    String path = queueUrl.getPath();
    return "arn:aws:sqs:" + region + ":" + ACCOUNT + ":" + path.substring(path.lastIndexOf('/') + 1);
  }
}
