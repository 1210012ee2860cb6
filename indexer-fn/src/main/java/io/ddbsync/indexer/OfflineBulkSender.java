package io.ddbsync.indexer;

import io.ddbsync.opensearch.bulk.OpenSearchBulkSender;

import io.ddbsync.opensearch.bulk.ItemResult;

import io.ddbsync.opensearch.bulk.BulkSender;

import io.ddbsync.opensearch.bulk.BulkItem;

import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.Iterator;
import java.util.List;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.NdJsonpSerializable;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;

/**
 * Does everything {@link OpenSearchBulkSender} and the transport do for a {@code _bulk} except the
 * network round trip: builds the request, writes its NDJSON body with {@code mapper} as the
 * transport does, and parses a made-up response with the client's own deserialiser. Priming runs
 * it, so that a first invocation does not pay for loading and compiling these paths.
 *
 * <p>The answer: {@code 201 created} for documents, {@code 409 version_conflict_engine_exception}
 * for tombstones, so that both result paths run.
 */
public final class OfflineBulkSender implements BulkSender {

  private final JsonpMapper mapper;

  public OfflineBulkSender(JsonpMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public List<ItemResult> send(List<BulkItem> items) throws IOException {
    BulkRequest request = OpenSearchBulkSender.request(items);
    BulkRequest._ENDPOINT.requestUrl(request);
    BulkRequest._ENDPOINT.queryParameters(request);
    ndJson(request);
    try (JsonParser parser = mapper.jsonProvider().createParser(new StringReader(answer(items)))) {
      return OpenSearchBulkSender.results(items, BulkResponse._DESERIALIZER.deserialize(parser, mapper));
    }
  }

  /** The request body: a JSON line per operation header and per document, as the transports write it. */
  byte[] ndJson(BulkRequest request) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeNdJson(request, body);
    return body.toByteArray();
  }

  private void writeNdJson(NdJsonpSerializable value, ByteArrayOutputStream out) {
    Iterator<?> values = value._serializables();
    while (values.hasNext()) {
      Object item = values.next();
      if (item instanceof NdJsonpSerializable nested && item != value) {
        writeNdJson(nested, out);
      } else {
        JsonGenerator generator = mapper.jsonProvider().createGenerator(out);
        mapper.serialize(item, generator);
        generator.close();
        out.write('\n');
      }
    }
  }

  private static String answer(List<BulkItem> items) {
    StringBuilder json = new StringBuilder("{\"took\":1,\"errors\":true,\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      BulkItem item = items.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"index\":{\"_index\":\"index\",\"_id\":\"").append(i)
          .append("\",\"_version\":").append(item.version());
      if (item.tombstone()) {
        json.append(",\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\",")
            .append("\"reason\":\"version conflict, current version is higher\"}}}");
      } else {
        json.append(",\"result\":\"created\",\"_seq_no\":0,\"_primary_term\":1,\"status\":201,")
            .append("\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0}}}");
      }
    }
    return json.append("]}").toString();
  }
}
