package dev.ssokit.internal.metrics;

import dev.ssokit.spi.ProviderMetrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Times every call of one store or cache SPI and reports it to {@link ProviderMetrics#backendCall}:
 * one proxy for every SPI, so a new store method is measured without a line here.
 */
public final class MeteredBackend implements InvocationHandler {
  private final Object target;
  /** Operation names ({@code ClientStore.find}) by method, built once: one string per operation, not per call. */
  private final Map<Method, String> operations = new HashMap<>();
  private final ProviderMetrics.Backend backend;
  private final ProviderMetrics metrics;

  private MeteredBackend(Object target, Class<?> type, ProviderMetrics.Backend backend, ProviderMetrics metrics) {
    this.target = target;
    for (Method m : type.getMethods()) {
      operations.put(m, type.getSimpleName() + "." + m.getName());
    }
    this.backend = backend;
    this.metrics = metrics;
  }

  /** {@code target} measured as {@code type}; {@code target} itself when nothing is measured. */
  public static <T> T wrap(Class<T> type, T target, ProviderMetrics.Backend backend, ProviderMetrics metrics) {
    if (target == null || metrics == ProviderMetrics.NONE) {
      return target;
    }
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new MeteredBackend(target, type, backend, metrics)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(target, args);
    }
    long start = System.nanoTime();
    boolean failed = true;
    try {
      Object result = method.invoke(target, args);
      failed = false;
      return result;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      // every method a proxy of type dispatches here (Object's aside) is among type.getMethods()
      metrics.backendCall(backend, operations.get(method), System.nanoTime() - start, failed);
    }
  }
}
