package dev.ssokit.postgres;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.spi.StoreException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Conversions between record fields and column types: {@code timestamptz}, {@code text[]} and
 * {@code jsonb} (through nimbus' JSON support, so no JSON library of our own).
 *
 * <p>IMPORTANT: {@code timestamptz} keeps microseconds; finer parts of an {@link Instant} are lost.
 */
final class Columns {
  private Columns() {}

  static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    ps.setObject(index, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC),
        Types.TIMESTAMP_WITH_TIMEZONE);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static void setTextArray(PreparedStatement ps, int index, Collection<?> values) throws SQLException {
    ps.setArray(index, ps.getConnection().createArrayOf("text",
        values.stream().map(String::valueOf).toArray(String[]::new)));
  }

  static List<String> textList(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    try {
      return List.of((String[]) array.getArray());
    } finally {
      array.free();
    }
  }

  static String json(Map<String, ?> map) {
    return JSONObjectUtils.toJSONString(map);
  }

  static Map<String, Object> jsonMap(ResultSet rs, String column) throws SQLException {
    try {
      return JSONObjectUtils.parse(rs.getString(column));
    } catch (ParseException e) {
      throw new StoreException("PostgreSQL column " + column + " holds invalid JSON", e);
    }
  }
}
